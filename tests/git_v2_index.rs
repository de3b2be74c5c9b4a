//! `git.staged`, `git.file` and `git.head` against real repositories made
//! with the git CLI: the index as opposed to the working tree, a file at a
//! revision (content and mode), and where HEAD is (branch, detached, an
//! operation in progress).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use opslab::verify::Outcome;

/// Runs git where failing is the point (a merge that stops on a conflict).
fn git_may_fail(dir: &Path, args: &[&str]) {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Learner")
        .env("GIT_AUTHOR_EMAIL", "learner@example.com")
        .env("GIT_COMMITTER_NAME", "Test Learner")
        .env("GIT_COMMITTER_EMAIL", "learner@example.com")
        .env("GIT_EDITOR", "true")
        .output()
        .expect("git runs");
}

/// The (actual, hint) of a failed outcome.
#[track_caller]
fn failure(outcome: &Outcome) -> (String, String) {
    match outcome {
        Outcome::Failed { actual, hint, .. } => (actual.clone(), hint.clone().unwrap_or_default()),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

// ---- git.staged ----

const STAGED: &str = "kind = \"git.staged\"\npath = \"notes.md\"";

#[test]
fn a_new_file_added_to_the_index_is_staged() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "notes.md", "notes\n");
    git(dir.path(), &["add", "notes.md"]);
    assert_passed(&check(dir.path(), STAGED));
}

#[test]
fn an_untracked_file_is_not_staged_and_the_hint_adds_it() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "notes.md", "notes\n");
    let (actual, hint) = failure(&check(dir.path(), STAGED));
    assert_eq!(actual, "`notes.md` is untracked");
    assert_eq!(hint, "stage it: `git add notes.md`");
    git(dir.path(), &["add", "notes.md"]);
    assert_passed(&check(dir.path(), STAGED));
}

#[test]
fn a_change_only_in_the_working_tree_is_not_staged() {
    let dir = repo();
    commit(dir.path(), "notes.md", "v1\n", "first");
    write(dir.path(), "notes.md", "v2\n");
    let (actual, hint) = failure(&check(dir.path(), STAGED));
    assert_eq!(
        actual,
        "`notes.md` is modified in the working tree but not staged"
    );
    assert!(hint.contains("git add notes.md"), "{hint}");
    git(dir.path(), &["add", "notes.md"]);
    assert_passed(&check(dir.path(), STAGED));
}

#[test]
fn a_committed_file_without_changes_is_not_staged() {
    let dir = repo();
    commit(dir.path(), "notes.md", "v1\n", "first");
    let (actual, _) = failure(&check(dir.path(), STAGED));
    assert_eq!(actual, "`notes.md` has no change since the last commit");
}

#[test]
fn a_file_staged_under_another_case_does_not_count_and_the_hint_renames_it() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "notes.MD", "notes\n");
    git(dir.path(), &["add", "notes.MD"]);
    let (actual, hint) = failure(&check(dir.path(), STAGED));
    assert_eq!(
        actual,
        "`notes.MD` is staged instead: the name differs in case"
    );
    assert_eq!(hint, "rename it: `git mv notes.MD notes.md`");
    git(dir.path(), &["mv", "notes.MD", "notes.md"]);
    assert_passed(&check(dir.path(), STAGED));
}

const PARTIAL: &str = "kind = \"git.staged\"\npath = \"app.py\"\ncontains = \"timeout = 30\"\nnot_contains = \"debug = True\"";

/// `app.py` committed with two settings far apart (two hunks once both
/// change); `staged` is what the index gets, the working tree gets both.
fn two_hunks(dir: &Path, staged: &str) {
    let filler: String = (0..20).map(|i| format!("line{i} = {i}\n")).collect();
    let old = format!("timeout = 10\n{filler}debug = False\n");
    commit(dir, "app.py", &old, "first");
    let first = format!("timeout = 30\n{filler}debug = False\n");
    let both = format!("timeout = 30\n{filler}debug = True\n");
    match staged {
        "first" => write(dir, "app.py", &first),
        "both" => write(dir, "app.py", &both),
        _ => write(dir, "app.py", &old),
    }
    git(dir, &["add", "app.py"]);
    write(dir, "app.py", &both);
}

#[test]
fn staging_only_the_first_hunk_passes_partial_staging() {
    let dir = repo();
    two_hunks(dir.path(), "first");
    assert_passed(&check(dir.path(), PARTIAL));
}

#[test]
fn staging_both_hunks_fails_partial_staging_naming_the_line() {
    let dir = repo();
    two_hunks(dir.path(), "both");
    let (actual, hint) = failure(&check(dir.path(), PARTIAL));
    assert_eq!(
        actual,
        "the staged `app.py` also contains /debug = True/ (line 22)"
    );
    assert!(hint.contains("git restore --staged -p app.py"), "{hint}");
}

#[test]
fn staging_nothing_fails_partial_staging() {
    let dir = repo();
    two_hunks(dir.path(), "none");
    let (actual, hint) = failure(&check(dir.path(), PARTIAL));
    assert_eq!(
        actual,
        "`app.py` is modified in the working tree but not staged"
    );
    assert!(hint.contains("git add"), "{hint}");
}

// ---- git.file ----

const REPLICAS: &str = "kind = \"git.file\"\npath = \"config.yaml\"\nmatches = \"replicas: 3\"";

#[test]
fn a_committed_content_passes_at_head() {
    let dir = repo();
    commit(dir.path(), "config.yaml", "replicas: 3\n", "scale");
    assert_passed(&check(dir.path(), REPLICAS));
}

#[test]
fn an_edit_that_is_not_committed_fails_at_head_and_the_hint_commits_it() {
    let dir = repo();
    commit(dir.path(), "config.yaml", "replicas: 1\n", "first");
    write(dir.path(), "config.yaml", "replicas: 3\n");
    let (actual, hint) = failure(&check(dir.path(), REPLICAS));
    assert!(
        actual.starts_with("`config.yaml` at `HEAD` (")
            && actual.ends_with(
                "does not match /replicas: 3/; the working-tree copy does, but it is not committed"
            ),
        "{actual}"
    );
    assert_eq!(
        hint,
        "save it in git: `git add config.yaml` then `git commit`"
    );
    git(dir.path(), &["add", "config.yaml"]);
    git(dir.path(), &["commit", "-q", "-m", "scale"]);
    assert_passed(&check(dir.path(), REPLICAS));
}

#[test]
fn a_file_at_a_branch_or_a_tag_is_read_there_not_in_the_working_tree() {
    let dir = repo();
    commit(dir.path(), "config.yaml", "replicas: 3\n", "first");
    git(dir.path(), &["tag", "v1"]);
    commit(dir.path(), "config.yaml", "replicas: 1\n", "down");
    assert_passed(&check(dir.path(), &format!("{REPLICAS}\nrev = \"v1\"")));
    assert_passed(&check(dir.path(), &format!("{REPLICAS}\nrev = \"HEAD~1\"")));
    let (actual, _) = failure(&check(dir.path(), &format!("{REPLICAS}\nrev = \"main\"")));
    assert!(actual.contains("does not match"), "{actual}");
    let (actual, hint) = failure(&check(
        dir.path(),
        &format!("{REPLICAS}\nrev = \"release\""),
    ));
    assert!(
        actual.starts_with("no branch, tag or commit `release`; branches and tags: main, v1"),
        "{actual}"
    );
    assert!(hint.contains("git branch release"), "{hint}");
}

#[test]
fn the_index_is_a_revision_of_its_own() {
    let dir = repo();
    commit(dir.path(), "config.yaml", "replicas: 1\n", "first");
    let body = format!("{REPLICAS}\nrev = \"index\"");
    write(dir.path(), "config.yaml", "replicas: 3\n");
    let (actual, hint) = failure(&check(dir.path(), &body));
    assert!(actual.ends_with("it is not staged"), "{actual}");
    assert_eq!(hint, "save it in git: `git add config.yaml`");
    git(dir.path(), &["add", "config.yaml"]);
    assert_passed(&check(dir.path(), &body));
}

const EXECUTABLE: &str = "kind = \"git.file\"\npath = \"deploy.sh\"\nmode = \"executable\"";

#[test]
fn a_script_committed_executable_passes_the_mode() {
    let dir = repo();
    write(dir.path(), "deploy.sh", "#!/bin/sh\n");
    git(dir.path(), &["add", "deploy.sh"]);
    git(dir.path(), &["update-index", "--chmod=+x", "deploy.sh"]);
    git(dir.path(), &["commit", "-q", "-m", "deploy"]);
    assert_passed(&check(dir.path(), EXECUTABLE));
    let numeric = EXECUTABLE.replace("\"executable\"", "\"100755\"");
    assert_passed(&check(dir.path(), &numeric));
}

#[test]
fn chmod_on_disk_only_fails_the_mode_at_head() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo();
    commit(dir.path(), "deploy.sh", "#!/bin/sh\n", "deploy");
    let file = dir.path().join("deploy.sh");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (actual, hint) = failure(&check(dir.path(), EXECUTABLE));
    assert!(actual.ends_with("has mode 100644"), "{actual}");
    assert_eq!(
        hint,
        "`chmod +x deploy.sh` then `git add deploy.sh`, then `git commit`"
    );
}

/// Following the mode hint leaves nothing uncommitted: the file on disk and
/// the commit agree, so `git.clean` passes too (with `update-index
/// --chmod` alone the file on disk stays 100644 and shows as modified).
#[test]
fn following_the_mode_hint_makes_the_commit_and_the_working_tree_agree() {
    let dir = repo();
    commit(dir.path(), "deploy.sh", "#!/bin/sh\n", "deploy");
    let (_, hint) = failure(&check(dir.path(), EXECUTABLE));
    assert!(
        hint.starts_with("`chmod +x deploy.sh` then `git add deploy.sh`"),
        "{hint}"
    );
    std::process::Command::new("chmod")
        .args(["+x", "deploy.sh"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    git(dir.path(), &["add", "deploy.sh"]);
    git(dir.path(), &["commit", "-q", "-m", "executable"]);
    assert_passed(&check(dir.path(), EXECUTABLE));
    assert_passed(&check(dir.path(), "kind = \"git.clean\""));
}

#[test]
fn where_git_ignores_mode_bits_the_hint_uses_update_index() {
    let dir = repo();
    git(dir.path(), &["config", "core.fileMode", "false"]);
    commit(dir.path(), "deploy.sh", "#!/bin/sh\n", "deploy");
    let (_, hint) = failure(&check(dir.path(), EXECUTABLE));
    assert_eq!(
        hint,
        "`git update-index --chmod=+x deploy.sh`, then `git commit`"
    );
}

#[test]
fn an_executable_bit_staged_but_not_committed_fails_and_the_hint_commits_it() {
    let dir = repo();
    commit(dir.path(), "deploy.sh", "#!/bin/sh\n", "deploy");
    git(dir.path(), &["update-index", "--chmod=+x", "deploy.sh"]);
    let (actual, hint) = failure(&check(dir.path(), EXECUTABLE));
    assert!(actual.ends_with("has mode 100644"), "{actual}");
    assert_eq!(
        hint,
        "the index already has the new mode: commit it with `git commit`"
    );
    git(dir.path(), &["commit", "-q", "-m", "executable"]);
    assert_passed(&check(dir.path(), EXECUTABLE));
}

#[test]
fn a_file_that_must_be_gone_from_head_fails_while_it_is_committed() {
    let dir = repo();
    commit(dir.path(), ".env", "TOKEN=x\n", "oops");
    let body = "kind = \"git.file\"\npath = \".env\"\nexists = false";
    let (actual, hint) = failure(&check(dir.path(), body));
    assert!(actual.starts_with("`.env` is at `HEAD`"), "{actual}");
    assert_eq!(hint, "remove it: `git rm .env` then `git commit`");
    git(dir.path(), &["rm", "-q", ".env"]);
    git(dir.path(), &["commit", "-q", "-m", "remove"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn an_unknown_mode_is_a_load_error_that_names_the_choices() {
    let error = parse_error("id = \"t\"\nkind = \"git.file\"\npath = \"a\"\nmode = \"755\"");
    assert!(error.contains("unknown mode \"755\""), "{error}");
    assert!(error.contains("\"100755\" (or \"executable\")"), "{error}");
}

// ---- git.head ----

const ON_RELEASE: &str = "kind = \"git.head\"\nbranch = \"release\"";

#[test]
fn head_on_the_branch_passes() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "first");
    git(dir.path(), &["switch", "-q", "-c", "release"]);
    assert_passed(&check(dir.path(), ON_RELEASE));
    assert_passed(&check(dir.path(), "kind = \"git.head\"\ndetached = false"));
}

#[test]
fn head_detached_at_the_branch_tip_is_not_on_the_branch() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "first");
    git(dir.path(), &["branch", "release"]);
    git(dir.path(), &["switch", "-q", "--detach", "release"]);
    let (actual, hint) = failure(&check(dir.path(), ON_RELEASE));
    assert!(actual.starts_with("HEAD is detached at "), "{actual}");
    assert!(
        actual.contains("the tip of `release`, but not on the branch"),
        "{actual}"
    );
    assert_eq!(hint, "switch to it: `git switch release`");
    let (actual, _) = failure(&check(dir.path(), "kind = \"git.head\"\ndetached = false"));
    assert!(actual.starts_with("HEAD is detached at"), "{actual}");
    git(dir.path(), &["switch", "-q", "release"]);
    assert_passed(&check(dir.path(), ON_RELEASE));
}

#[test]
fn head_on_another_branch_names_it() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "first");
    git(dir.path(), &["branch", "release"]);
    let (actual, _) = failure(&check(dir.path(), ON_RELEASE));
    assert_eq!(actual, "HEAD is on branch `main`");
}

/// `main` and `topic` change the same line of `a`, so merging, rebasing
/// or cherry-picking one onto the other stops on a conflict.
fn conflicting(dir: &Path) {
    commit(dir, "a", "base\n", "base");
    git(dir, &["switch", "-q", "-c", "topic"]);
    commit(dir, "a", "topic\n", "topic");
    git(dir, &["switch", "-q", "main"]);
    commit(dir, "a", "main\n", "main");
}

const IDLE: &str = "kind = \"git.head\"\nin_progress = false";

#[test]
fn a_stopped_merge_rebase_or_cherry_pick_is_named_with_how_to_finish_or_abort_it() {
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["merge", "topic"],
            "a merge is in progress",
            "git merge --abort",
        ),
        (
            &["cherry-pick", "topic"],
            "a cherry-pick is in progress",
            "git cherry-pick --abort",
        ),
        (
            &["rebase", "topic"],
            "a rebase is in progress",
            "git rebase --abort",
        ),
    ];
    for (command, said, abort) in cases {
        let dir = repo();
        conflicting(dir.path());
        assert_passed(&check(dir.path(), IDLE));
        git_may_fail(dir.path(), command);
        let (actual, hint) = failure(&check(dir.path(), IDLE));
        assert_eq!(actual, said);
        assert!(hint.contains(abort), "{hint}");
        let words: Vec<&str> = abort.trim_start_matches("git ").split(' ').collect();
        git(dir.path(), &words);
        assert_passed(&check(dir.path(), IDLE));
    }
}

#[test]
fn a_conflicted_file_is_not_staged_until_resolved() {
    let dir = repo();
    conflicting(dir.path());
    git_may_fail(dir.path(), &["merge", "topic"]);
    let body = "kind = \"git.staged\"\npath = \"a\"";
    let (actual, hint) = failure(&check(dir.path(), body));
    assert_eq!(actual, "`a` has a merge conflict");
    assert_eq!(hint, "fix the conflict markers in `a`, then `git add a`");
    write(dir.path(), "a", "both\n");
    git(dir.path(), &["add", "a"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn a_folder_is_staged_when_a_file_under_it_is() {
    let dir = repo();
    commit(dir.path(), "site/index.html", "v1\n", "first");
    let body = "kind = \"git.staged\"\npath = \"site\"";
    let (actual, _) = failure(&check(dir.path(), body));
    assert_eq!(actual, "nothing under `site` is staged");
    write(dir.path(), "site/about.html", "about\n");
    git(dir.path(), &["add", "site"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn a_file_only_marked_with_intent_to_add_is_not_staged() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "notes.md", "x\n");
    git(dir.path(), &["add", "-N", "notes.md"]);
    let (actual, hint) = failure(&check(dir.path(), STAGED));
    assert!(actual.contains("only marked with `git add -N`"), "{actual}");
    assert_eq!(hint, "stage it: `git add notes.md`");
    git(dir.path(), &["add", "notes.md"]);
    assert_passed(&check(dir.path(), STAGED));
}

#[test]
fn a_folder_whose_files_are_only_marked_with_intent_to_add_is_not_staged() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "site/index.html", "v1\n");
    git(dir.path(), &["add", "-N", "site"]);
    let body = "kind = \"git.staged\"\npath = \"site\"";
    let (actual, _) = failure(&check(dir.path(), body));
    assert_eq!(actual, "nothing under `site` is staged");
    git(dir.path(), &["add", "site"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn a_multi_commit_cherry_pick_or_revert_stopped_then_committed_is_still_in_progress() {
    let cases: [(&[&str], &str, &str); 2] = [
        (
            &["cherry-pick", "topic~1", "topic"],
            "a cherry-pick is in progress",
            "cherry-pick",
        ),
        (
            &["revert", "topic~1", "topic"],
            "a revert is in progress",
            "revert",
        ),
    ];
    for (command, said, verb) in cases {
        let dir = repo();
        conflicting(dir.path());
        git(dir.path(), &["switch", "-q", "topic"]);
        commit(dir.path(), "a", "topic 2\n", "topic 2");
        git(dir.path(), &["switch", "-q", "main"]);
        git_may_fail(dir.path(), command);
        write(dir.path(), "a", "resolved\n");
        git(dir.path(), &["add", "a"]);
        git(dir.path(), &["commit", "-q", "-m", "resolved"]);
        assert!(dir.path().join(".git/sequencer").is_dir(), "{verb}");
        let (actual, hint) = failure(&check(dir.path(), IDLE));
        assert_eq!(actual, said);
        assert!(hint.contains(&format!("git {verb} --abort")), "{hint}");
        git(dir.path(), &[verb, "--quit"]);
        assert_passed(&check(dir.path(), IDLE));
    }
}

#[test]
fn head_on_another_branch_during_a_stopped_merge_hints_to_end_the_merge_first() {
    let dir = repo();
    conflicting(dir.path());
    git_may_fail(dir.path(), &["merge", "topic"]);
    let body = "kind = \"git.head\"\nbranch = \"topic\"";
    let (actual, hint) = failure(&check(dir.path(), body));
    assert_eq!(actual, "HEAD is on branch `main`");
    assert!(hint.contains("git merge --abort"), "{hint}");
    assert!(hint.ends_with("then `git switch topic`"), "{hint}");
    git(dir.path(), &["merge", "--abort"]);
    git(dir.path(), &["switch", "-q", "topic"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn a_file_that_must_be_a_symlink_hints_to_replace_it_not_to_chmod_it() {
    let dir = repo();
    commit(dir.path(), "target.txt", "t\n", "target");
    commit(dir.path(), "current", "t\n", "copy");
    let body = "kind = \"git.file\"\npath = \"current\"\nmode = \"symlink\"";
    let (actual, hint) = failure(&check(dir.path(), body));
    assert!(actual.ends_with("has mode 100644"), "{actual}");
    assert!(hint.contains("ln -s TARGET current"), "{hint}");
    assert!(!hint.contains("chmod"), "{hint}");
    std::fs::remove_file(dir.path().join("current")).unwrap();
    std::os::unix::fs::symlink("target.txt", dir.path().join("current")).unwrap();
    git(dir.path(), &["add", "current"]);
    git(dir.path(), &["commit", "-q", "-m", "link"]);
    assert_passed(&check(dir.path(), body));
    let regular = body.replace("\"symlink\"", "\"regular\"");
    let (_, hint) = failure(&check(dir.path(), &regular));
    assert!(hint.starts_with("replace the link with a file"), "{hint}");
}

#[test]
fn an_unchanged_symlink_or_crlf_file_is_unchanged_as_git_status_sees_it() {
    let dir = repo();
    git(dir.path(), &["config", "core.autocrlf", "true"]);
    commit(dir.path(), "notes.md", "a\r\nb\r\n", "crlf");
    std::os::unix::fs::symlink("notes.md", dir.path().join("link")).unwrap();
    git(dir.path(), &["add", "link"]);
    git(dir.path(), &["commit", "-q", "-m", "link"]);
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
    let (actual, _) = failure(&check(dir.path(), STAGED));
    assert_eq!(actual, "`notes.md` has no change since the last commit");
    let link = "kind = \"git.staged\"\npath = \"link\"";
    let (actual, _) = failure(&check(dir.path(), link));
    assert_eq!(actual, "`link` has no change since the last commit");
}

#[test]
fn a_path_with_a_space_is_quoted_in_the_hint_so_the_command_works() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "my notes.md", "x\n");
    let body = "kind = \"git.staged\"\npath = \"my notes.md\"";
    let (_, hint) = failure(&check(dir.path(), body));
    assert_eq!(hint, "stage it: `git add 'my notes.md'`");
    git(dir.path(), &["add", "my notes.md"]);
    assert_passed(&check(dir.path(), body));
}
