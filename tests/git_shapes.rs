//! Repository shapes that real learners have: sparse checkouts and
//! skip-worktree files, linked worktrees (checks and the watcher), a
//! repository owned by another user, paths inside submodules, Windows line
//! ends, a main line other than `main`, root commits in rewrite hints, and
//! HEAD on an orphan branch. Real repositories made with the git CLI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;
use opslab::verify::watch::{watch, WorkspaceChange, DEBOUNCE};
use opslab::verify::Outcome;

fn hint(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint, .. } => hint.clone().unwrap_or_default(),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

fn short_id(dir: &Path, rev: &str) -> String {
    git(dir, &["rev-parse", "--short", rev])
}

// ---- S6.1: what git status does not look at ----

#[test]
fn skip_worktree_and_assume_unchanged_files_are_clean_as_git_status_says() {
    let dir = repo();
    let d = dir.path();
    commit(d, "notes.txt", "notes\n", "notes");
    commit(d, "a.txt", "a\n", "a");
    commit(d, "b.txt", "b\n", "b");
    git(d, &["update-index", "--skip-worktree", "notes.txt"]);
    std::fs::remove_file(d.join("notes.txt")).unwrap();
    git(d, &["update-index", "--assume-unchanged", "a.txt"]);
    std::fs::write(d.join("a.txt"), "changed\n").unwrap();
    assert_eq!(git(d, &["status", "--porcelain"]), "");
    assert_passed(&check(d, "kind = \"git.clean\""));

    std::fs::write(d.join("b.txt"), "changed\n").unwrap();
    let (_, actual) = assert_failed(&check(d, "kind = \"git.clean\""));
    assert_eq!(actual, "1 change: b.txt (modified)");
}

#[test]
fn a_sparse_checkout_in_cone_mode_is_clean() {
    let dir = repo();
    let d = dir.path();
    commit(d, "src/main.rs", "fn main() {}\n", "src");
    commit(d, "docs/guide.md", "# guide\n", "docs");
    git(d, &["sparse-checkout", "set", "--cone", "src"]);
    assert!(
        !d.join("docs/guide.md").exists(),
        "docs is outside the cone"
    );
    assert_eq!(git(d, &["status", "--porcelain"]), "");
    assert_passed(&check(d, "kind = \"git.clean\""));
    assert_passed(&check(
        d,
        "kind = \"git.committed\"\npath = \"docs/guide.md\"",
    ));
}

// ---- S6.2: a linked worktree ----

/// A repository with one commit and a linked worktree of it on `feature`.
fn linked_worktree() -> (tempfile::TempDir, PathBuf) {
    let dir = repo();
    let main = dir.path().join("main");
    std::fs::create_dir(&main).unwrap();
    git(&main, &["init", "-q", "-b", "main"]);
    commit(&main, "README.md", "# app\n", "first");
    let linked = dir.path().join("linked");
    git(
        &main,
        &[
            "worktree",
            "add",
            "-q",
            "-b",
            "feature",
            linked.to_str().unwrap(),
        ],
    );
    (dir, linked)
}

#[test]
fn checks_read_a_linked_worktree() {
    let (_dir, linked) = linked_worktree();
    assert_passed(&check(&linked, "kind = \"git.clean\""));
    std::fs::write(linked.join("notes.txt"), "x\n").unwrap();
    let (_, actual) = assert_failed(&check(&linked, "kind = \"git.clean\""));
    assert_eq!(actual, "1 change: notes.txt (untracked)");
    git(&linked, &["add", "notes.txt"]);
    git(&linked, &["commit", "-q", "-m", "notes"]);
    for body in [
        "kind = \"git.clean\"",
        "kind = \"git.committed\"\npath = \"notes.txt\"",
        "kind = \"git.commits\"\nat_least = 2",
        "kind = \"git.branch\"\nname = \"feature\"",
        "kind = \"git.commit_message\"\npattern = '^notes$'",
    ] {
        let outcome = check(&linked, body);
        assert!(outcome.is_passed(), "{body}: {outcome:?}");
    }
}

#[test]
fn the_watcher_sees_a_commit_in_a_linked_worktree() {
    let (_dir, linked) = linked_worktree();
    let wait = Duration::from_secs(10);
    runtime().block_on(async {
        let (_watch, mut rx) = watch(&linked, DEBOUNCE).expect("the worktree can be watched");
        std::fs::write(linked.join("notes.txt"), "x\n").unwrap();
        let first = tokio::time::timeout(wait, rx.recv()).await.ok().flatten();
        assert!(
            matches!(first, Some(WorkspaceChange::Changed { .. })),
            "{first:?}"
        );

        // Neither add nor commit writes inside the worktree folder: the
        // index and HEAD are in main/.git/worktrees/linked, the branch in
        // main/.git/refs.
        git(&linked, &["add", "notes.txt"]);
        git(&linked, &["commit", "-q", "-m", "notes"]);
        let mut seen: Vec<PathBuf> = Vec::new();
        let deadline = tokio::time::Instant::now() + wait;
        while !seen.contains(&PathBuf::from(".git/refs/heads/feature")) {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(WorkspaceChange::Changed { paths })) => seen.extend(paths),
                other => panic!("no change for the commit (seen {seen:?}): {other:?}"),
            }
        }
        assert!(seen.contains(&PathBuf::from(".git/index")), "{seen:?}");
        assert!(
            seen.iter()
                .all(|p| !p.starts_with(".git/objects") && !p.starts_with(".git/logs")),
            "{seen:?}"
        );
    });
}

// ---- S6.3: a repository owned by another user ----

#[test]
fn a_repository_owned_by_another_user_says_how_to_mark_it_safe() {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        eprintln!("skipped: changing a repository's owner needs root (CI runs tests as root)");
        return;
    }
    let dir = repo();
    commit(dir.path(), "a.txt", "a\n", "a");
    let status = Command::new("chown")
        .args(["-R", "4242:4242"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let outcome = check(dir.path(), "kind = \"git.clean\"");
    let Outcome::Error { why } = &outcome else {
        panic!("expected could not run, got {outcome:#?}");
    };
    let real = dir.path().canonicalize().unwrap();
    assert!(
        why.contains(&format!(
            "`git config --global --add safe.directory {}`",
            real.display()
        )),
        "{why}"
    );
    assert!(why.contains("belongs to another user"), "{why}");
}

// ---- S6.4: a path inside a submodule ----

/// A repository with one commit and, committed, a submodule `lib` whose
/// own repository holds `README.md` and then `also` (path, content), each
/// committed. The submodule's origin comes first.
fn repo_with_submodule(also: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir) {
    let inner = repo();
    commit(inner.path(), "README.md", "# lib\n", "lib");
    for (path, content) in also {
        commit(inner.path(), path, content, path);
    }
    let outer = repo();
    let o = outer.path();
    commit(o, "app.txt", "app\n", "app");
    git(
        o,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            inner.path().to_str().unwrap(),
            "lib",
        ],
    );
    git(o, &["commit", "-q", "-m", "add lib"]);
    (inner, outer)
}

#[test]
fn a_path_in_a_submodule_is_committed_there_then_recorded() {
    let (_inner, outer) = repo_with_submodule(&[]);
    let o = outer.path();
    let body = "kind = \"git.committed\"\npath = \"lib/new.txt\"";
    assert_passed(&check(
        o,
        "kind = \"git.committed\"\npath = \"lib/README.md\"",
    ));

    std::fs::write(o.join("lib/new.txt"), "new\n").unwrap();
    let outcome = check(o, body);
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "`new.txt` is not in the last commit of the submodule `lib`"
    );
    let text = hint(&outcome);
    assert!(!text.contains("git add lib/new.txt"), "{text}");
    assert!(text.contains("`cd lib`, `git add new.txt`"), "{text}");
    assert!(text.contains("`git add lib`"), "{text}");

    let sub = o.join("lib");
    git(&sub, &["add", "new.txt"]);
    git(&sub, &["commit", "-q", "-m", "new"]);
    let outcome = check(o, body);
    let (_, actual) = assert_failed(&outcome);
    assert!(
        actual.contains("records an older commit of `lib`"),
        "{actual}"
    );
    assert!(hint(&outcome).contains("`git add lib` then `git commit"));

    git(o, &["add", "lib"]);
    git(o, &["commit", "-q", "-m", "bump lib"]);
    assert_passed(&check(o, body));
}

#[test]
fn clean_with_work_inside_a_submodule_says_to_commit_it_there_and_following_that_works() {
    let (_inner, outer) = repo_with_submodule(&[]);
    let o = outer.path();
    let body = "kind = \"git.clean\"";
    assert_passed(&check(o, body));

    std::fs::write(o.join("lib/y.log"), "y\n").unwrap();
    let outcome = check(o, body);
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "1 change: lib (submodule: untracked content inside)"
    );
    let text = hint(&outcome);
    assert!(text.contains("`cd lib`"), "{text}");
    assert!(text.contains("`git add lib`"), "{text}");

    // Following the hint: commit inside the submodule, then record it.
    let sub = o.join("lib");
    git(&sub, &["add", "y.log"]);
    git(&sub, &["commit", "-q", "-m", "log"]);
    let (_, actual) = assert_failed(&check(o, body));
    assert_eq!(
        actual,
        "1 change: lib (submodule: new commits not recorded)"
    );
    git(o, &["add", "lib"]);
    git(o, &["commit", "-q", "-m", "bump lib"]);
    assert_passed(&check(o, body));
}

// ---- S6.5: Windows line ends in history ----

#[test]
fn no_secret_reads_crlf_lines_as_lines() {
    let dir = repo();
    commit(
        dir.path(),
        "app.env",
        "user = app\r\npassword = hunter2\r\n",
        "env",
    );
    let (_, actual) = assert_failed(&check(
        dir.path(),
        "kind = \"git.no_secret\"\npattern = '(?m)^password = \\w+$'",
    ));
    assert!(actual.contains("`app.env`"), "{actual}");
}

// ---- S6.6: the repository's own main line ----

#[test]
fn merged_without_into_uses_the_repositorys_main_line_and_says_which() {
    isolate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "master"]);
    commit(d, "a.txt", "1", "one");
    git(d, &["switch", "-q", "-c", "feature"]);
    commit(d, "b.txt", "2", "two");
    git(d, &["switch", "-q", "master"]);
    let body = "kind = \"git.merged\"\nbranch = \"feature\"";
    let (expected, actual) = assert_failed(&check(d, body));
    assert_eq!(
        expected,
        "`feature` merged into `master` (the main branch: there is no `main`)"
    );
    assert_eq!(actual, "`feature` has 1 commit that `master` does not have");
    git(d, &["merge", "-q", "--no-edit", "feature"]);
    assert_passed(&check(d, body));

    // origin/HEAD names the main line when it is set.
    git(d, &["branch", "trunk", "master~1"]);
    git(d, &["update-ref", "refs/remotes/origin/trunk", "trunk"]);
    git(
        d,
        &[
            "symbolic-ref",
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/trunk",
        ],
    );
    let (expected, _) = assert_failed(&check(d, body));
    assert_eq!(
        expected,
        "`feature` merged into `trunk` (the branch `origin/HEAD` points to)"
    );
}

#[test]
fn merged_without_main_or_master_uses_heads_branch() {
    isolate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "develop"]);
    commit(d, "a.txt", "1", "one");
    git(d, &["branch", "feature"]);
    let outcome = check(d, "kind = \"git.merged\"\nbranch = \"feature\"");
    assert_passed(&outcome);
    git(d, &["switch", "-q", "feature"]);
    commit(d, "b.txt", "2", "two");
    git(d, &["switch", "-q", "--detach", "develop"]);
    let outcome = check(d, "kind = \"git.merged\"\nbranch = \"feature\"");
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "no `main` or `master` branch, and HEAD is not on a branch"
    );
}

#[test]
fn merged_never_compares_a_branch_with_itself_when_head_is_on_it() {
    isolate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "trunk"]);
    commit(d, "a.txt", "1", "one");
    git(d, &["switch", "-q", "-c", "topic"]);
    commit(d, "d.txt", "3", "feat: d");
    // No main or master, HEAD on `topic`: nothing was merged anywhere.
    let outcome = check(d, "kind = \"git.merged\"\nbranch = \"topic\"");
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("HEAD is on `topic`"), "{actual}");
    assert!(hint(&outcome).contains("git merge topic"), "{outcome:?}");
    // An explicit `into` equal to the branch is refused the same way.
    let outcome = check(
        d,
        "kind = \"git.merged\"\nbranch = \"topic\"\ninto = \"topic\"",
    );
    assert_failed(&outcome);
    // Merged into trunk from trunk, the check passes.
    git(d, &["switch", "-q", "trunk"]);
    git(d, &["merge", "-q", "--no-edit", "topic"]);
    assert_passed(&check(d, "kind = \"git.merged\"\nbranch = \"topic\""));
}

// ---- S9.4: rewrite hints that work on a root commit ----

#[test]
fn reword_hints_use_root_when_the_root_commit_is_to_be_reworded() {
    let body = "kind = \"git.commit_message\"\nscope = \"all\"\npattern = '^feat: '";
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "first");
    commit(dir.path(), "b.txt", "2", "second");
    let outcome = check(dir.path(), body);
    assert!(
        hint(&outcome).contains("`git rebase -i --root`"),
        "{outcome:?}"
    );

    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: first");
    commit(dir.path(), "b.txt", "2", "second");
    commit(dir.path(), "c.txt", "3", "third");
    let base = short_id(dir.path(), "HEAD~2");
    let outcome = check(dir.path(), body);
    let text = hint(&outcome);
    assert!(text.contains(&format!("`git rebase -i {base}`")), "{text}");
    // The named base really lets git reword the commits: it is their parent.
    assert_eq!(short_id(dir.path(), "HEAD~1^"), base);

    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: first");
    commit(dir.path(), "b.txt", "2", "second");
    assert!(hint(&check(dir.path(), body)).contains("git commit --amend"));
}

#[test]
fn secret_hints_use_root_when_the_root_commit_holds_the_secret() {
    let dir = repo();
    commit(dir.path(), "keys.txt", "AKIAIOSFODNN7EXAMPLE\n", "keys");
    commit(dir.path(), "b.txt", "2", "more");
    let outcome = check(dir.path(), "kind = \"git.no_secret\"");
    assert!(
        hint(&outcome).contains("`git rebase -i --root`"),
        "{outcome:?}"
    );
}

// ---- an orphan branch beside branches with history ----

#[test]
fn head_on_an_orphan_branch_gives_verdicts_not_errors() {
    let dir = repo();
    let d = dir.path();
    commit(d, "a.txt", "1", "feat: one");
    git(d, &["branch", "feature"]);
    git(d, &["checkout", "-q", "--orphan", "fresh"]);
    for body in [
        "kind = \"git.branch\"\nname = \"main\"",
        "kind = \"git.merged\"\nbranch = \"feature\"",
        "kind = \"git.commits\"\nat_least = 1\nbranch = \"main\"",
    ] {
        let outcome = check(d, body);
        assert!(outcome.is_passed(), "{body}: {outcome:?}");
    }
    let outcome = check(d, "kind = \"git.commits\"\nat_least = 1");
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "HEAD is on `fresh`, which has no commits yet; the other branches: feature, main"
    );
    assert!(hint(&outcome).contains("git switch feature"), "{outcome:?}");
    for body in [
        "kind = \"git.clean\"",
        "kind = \"git.committed\"\npath = \"a.txt\"",
        "kind = \"git.commit_message\"\npattern = 'x'",
        "kind = \"git.no_secret\"",
    ] {
        let outcome = check(d, body);
        assert!(!outcome.is_error(), "{body}: {outcome:?}");
    }
}

#[test]
fn commit_messages_with_crlf_line_ends_match_like_their_lf_twins() {
    let dir = repo();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "a").unwrap();
    git(d, &["add", "a.txt"]);
    git(
        d,
        &[
            "commit",
            "-q",
            "--cleanup=verbatim",
            "-m",
            "feat: one\r\n\r\nRefs: #12\r\n",
        ],
    );
    assert_passed(&check(
        d,
        "kind = \"git.commit_message\"\npattern = '(?m)^feat: one$'",
    ));
    assert_passed(&check(
        d,
        "kind = \"git.commit_message\"\npattern = '(?m)^Refs: #12$'",
    ));
}

#[test]
fn hints_name_commands_that_work_from_a_linked_worktree_or_an_orphan_branch() {
    // `main` is checked out in the main worktree: `git switch main` would
    // fail in the linked one, so the merge is done there.
    let (dir, linked) = linked_worktree();
    commit(&linked, "b.txt", "2", "two");
    let outcome = check(&linked, "kind = \"git.merged\"\nbranch = \"feature\"");
    let main = dir.path().join("main").canonicalize().unwrap();
    assert_eq!(
        hint(&outcome),
        format!(
            "merge it where `main` is checked out: `cd {}` then `git merge feature`",
            main.display()
        )
    );
    // From the main worktree, already on `main`.
    let outcome = check(&main, "kind = \"git.merged\"\nbranch = \"feature\"");
    assert_eq!(hint(&outcome), "merge it: `git merge feature`");

    // On an orphan branch `git tag v1` has no commit to tag.
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "one");
    git(dir.path(), &["checkout", "-q", "--orphan", "fresh"]);
    let outcome = check(dir.path(), "kind = \"git.tag\"\nname = \"v1\"");
    assert_eq!(hint(&outcome), "tag the commit: `git tag v1 main`");
}

// ---- special files in the working tree ----

/// Runs the check on another thread and gives up after 15 s: a check that
/// blocks on a FIFO never returns.
fn check_within_15s(dir: &Path, body: &str) -> Outcome {
    let (tx, rx) = std::sync::mpsc::channel();
    let (dir, owned) = (dir.to_path_buf(), body.to_string());
    std::thread::spawn(move || {
        let _ = tx.send(check(&dir, &owned));
    });
    rx.recv_timeout(Duration::from_secs(15))
        .unwrap_or_else(|_| panic!("the check did not end within 15 s: {body}"))
}

#[test]
fn fifos_in_the_working_tree_do_not_hang_git_checks() {
    let dir = repo();
    let d = dir.path();
    commit(d, "a.txt", "a\n", "a");
    std::fs::remove_file(d.join("a.txt")).unwrap();
    let status = Command::new("mkfifo")
        .arg(d.join("a.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new("mkfifo")
        .arg(d.join("new.pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    for body in [
        "kind = \"git.clean\"",
        "kind = \"git.committed\"\npath = \"new.pipe\"",
        "kind = \"git.ignored\"\npath = \"new.pipe\"",
    ] {
        let outcome = check_within_15s(d, body);
        assert!(!outcome.is_passed(), "{body}: {outcome:?}");
    }
}

#[test]
fn a_fifo_as_dot_git_neither_hangs_checks_nor_the_watcher() {
    isolate();
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("mkfifo")
        .arg(dir.path().join(".git"))
        .status()
        .unwrap();
    assert!(status.success());
    let outcome = check_within_15s(dir.path(), "kind = \"git.clean\"");
    assert!(!outcome.is_passed(), "{outcome:?}");
    let (tx, rx) = std::sync::mpsc::channel();
    let workspace = dir.path().to_path_buf();
    std::thread::spawn(move || {
        let armed = runtime().block_on(async { watch(&workspace, DEBOUNCE).is_ok() });
        let _ = tx.send(armed);
    });
    let armed = rx
        .recv_timeout(Duration::from_secs(15))
        .expect("watch() returns within 15 s");
    assert!(armed, "the workspace is still watched");
}

#[test]
fn ignored_inside_a_submodule_follows_the_submodules_own_rules() {
    let (_inner, outer) = repo_with_submodule(&[("debug.log", "x\n")]);
    let o = outer.path();
    let body = "kind = \"git.ignored\"\npath = \"lib/debug.log\"";
    let outcome = check(o, body);
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "`debug.log` is not ignored (in the submodule `lib`)"
    );
    assert!(hint(&outcome).starts_with("inside the submodule (`cd lib`)"));

    let sub = o.join("lib");
    std::fs::write(sub.join(".gitignore"), "*.log\n").unwrap();
    let outcome = check(o, body);
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("still tracked"), "{actual}");
    let text = hint(&outcome);
    assert!(text.contains("`git rm -r --cached debug.log`"), "{text}");
    assert!(!text.contains("lib/debug.log"), "{text}");

    git(&sub, &["rm", "-q", "--cached", "debug.log"]);
    git(&sub, &["add", ".gitignore"]);
    git(&sub, &["commit", "-q", "-m", "ignore logs"]);
    assert_passed(&check(o, body));
}

// ---- S3.4: history is read with bounded memory ----

#[test]
fn no_secret_streams_a_blob_larger_than_it_reads_whole() {
    let dir = repo();
    let d = dir.path();
    // 20 MiB of text with the key on the last line: over the 16 MiB that
    // is read in memory, so it is searched as a stream.
    let mut big = "filler line without anything secret\n".repeat(600_000);
    commit(d, "big.txt", &big, "big, clean");
    let body = "kind = \"git.no_secret\"";
    assert_passed(&check(d, body));
    big.push_str("aws_access_key_id = AKIAABCDEFGHIJKLMNOP\n");
    commit(d, "big.txt", &big, "big, with a key");
    let (_, actual) = assert_failed(&check(d, body));
    assert!(actual.contains("`big.txt`"), "{actual}");
    assert!(actual.contains("AKIA"), "{actual}");
    assert!(!actual.contains("AKIAABCDEFGHIJKLMNOP"), "masked: {actual}");
}
