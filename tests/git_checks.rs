//! The git checks against real temporary repositories built with the git CLI.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use opslab::verify::Outcome;

/// An AWS access key id from AWS's own documentation (not a live key).
const KEY: &str = "AKIAIOSFODNN7EXAMPLE";

fn hint(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint, .. } => hint.clone().unwrap_or_default(),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

// ---- repository and HEAD ----

#[test]
fn a_folder_without_a_repository_fails_with_git_init() {
    isolate();
    let dir = tempfile::tempdir().unwrap();
    let outcome = check(dir.path(), "kind = \"git.clean\"");
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.starts_with("no git repository in"), "{actual}");
    assert!(hint(&outcome).contains("git init"));
}

#[test]
fn a_repository_without_commits_fails_history_checks() {
    let dir = repo();
    for body in [
        "kind = \"git.commits\"\nat_least = 1",
        "kind = \"git.commit_message\"\npattern = \"x\"",
        "kind = \"git.branch\"\nname = \"main\"",
        "kind = \"git.tag\"\nname = \"v1\"",
        "kind = \"git.merged\"\nbranch = \"main\"",
    ] {
        let (_, actual) = assert_failed(&check(dir.path(), body));
        assert_eq!(actual, "no commits yet", "{body}");
    }
    assert_passed(&check(dir.path(), "kind = \"git.no_secret\""));
    assert_passed(&check(dir.path(), "kind = \"git.clean\""));
}

#[test]
fn repo_names_a_repository_folder_inside_the_workspace() {
    isolate();
    let workspace = tempfile::tempdir().unwrap();
    let app = workspace.path().join("app");
    std::fs::create_dir(&app).unwrap();
    git(&app, &["init", "-q", "-b", "main"]);
    commit(&app, "README.md", "hi\n", "docs: readme");
    let body = "kind = \"git.committed\"\nrepo = \"app\"\npath = \"README.md\"";
    assert_passed(&check(workspace.path(), body));
    let (expected, actual) = assert_failed(&check(
        workspace.path(),
        "kind = \"git.commits\"\nrepo = \"api\"\nat_least = 1",
    ));
    assert!(expected.ends_with("api"), "{expected}");
    assert!(actual.starts_with("no git repository in"), "{actual}");
    // The workspace itself is not a repository: `repo` is not searched upward.
    assert_failed(&check(workspace.path(), "kind = \"git.clean\""));
}

// ---- git.commits ----

#[test]
fn commits_counts_what_head_reaches() {
    let dir = repo();
    for n in 1..=3 {
        commit(
            dir.path(),
            "a.txt",
            &n.to_string(),
            &format!("feat: step {n}"),
        );
    }
    assert_passed(&check(dir.path(), "kind = \"git.commits\"\nat_least = 3"));
    let (expected, actual) =
        assert_failed(&check(dir.path(), "kind = \"git.commits\"\nat_least = 4"));
    assert_eq!(expected, "at least 4 commits");
    assert_eq!(actual, "3 commits");
}

#[test]
fn commits_on_a_branch_counts_that_branch() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    git(dir.path(), &["switch", "-q", "-c", "feature"]);
    commit(dir.path(), "a.txt", "2", "feat: two");
    git(dir.path(), &["switch", "-q", "main"]);
    let on = |branch: &str| format!("kind = \"git.commits\"\nat_least = 2\nbranch = \"{branch}\"");
    assert_passed(&check(dir.path(), &on("feature")));
    let (expected, actual) = assert_failed(&check(dir.path(), &on("main")));
    assert_eq!(expected, "at least 2 commits on `main`");
    assert_eq!(actual, "1 commit on `main`");
    let outcome = check(dir.path(), &on("nope"));
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(actual, "no branch `nope`; branches: feature, main");
    assert!(hint(&outcome).contains("git switch -c nope"));
}

// ---- git.commit_message ----

const CONVENTIONAL: &str =
    r#"pattern = '^(feat|fix|docs|chore|refactor|test|ci|build|perf|style)(\(.+\))?!?: .+'"#;

#[test]
fn commit_message_judges_the_last_commit() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "update stuff");
    commit(
        dir.path(),
        "a.txt",
        "2",
        "feat(api): add a route\n\nWith a body.",
    );
    let body = format!("kind = \"git.commit_message\"\n{CONVENTIONAL}");
    assert_passed(&check(dir.path(), &body));

    commit(dir.path(), "a.txt", "3", "more changes");
    let outcome = check(dir.path(), &body);
    let (expected, actual) = assert_failed(&outcome);
    assert!(expected.starts_with("the last commit message matches /^(feat"));
    let short = git(dir.path(), &["rev-parse", "--short", "HEAD"]);
    assert_eq!(
        actual,
        format!("the last commit is {short} \"more changes\"")
    );
    assert!(hint(&outcome).contains("git commit --amend"));
}

#[test]
fn commit_message_over_all_commits_names_the_newest_offender() {
    let dir = repo();
    opslab::verify::git::admin::init_repo(dir.path(), Some("Starter files")).unwrap();
    commit(dir.path(), "a.txt", "1", "feat: one");
    commit(dir.path(), "a.txt", "2", "wip");
    commit(dir.path(), "a.txt", "3", "fix: three");
    let body = format!("kind = \"git.commit_message\"\nscope = \"all\"\n{CONVENTIONAL}");
    let (expected, actual) = assert_failed(&check(dir.path(), &body));
    assert!(expected.starts_with("every commit message matches"));
    let short = git(dir.path(), &["rev-parse", "--short", "HEAD~1"]);
    assert_eq!(
        actual,
        format!("commit {short} \"wip\" does not match (1 of 3 commits do not)")
    );
    // Head alone is fine.
    let head_only = format!("kind = \"git.commit_message\"\n{CONVENTIONAL}");
    assert_passed(&check(dir.path(), &head_only));
}

#[test]
fn commit_message_over_all_commits_skips_the_starter_and_merge_commits() {
    let dir = repo();
    opslab::verify::git::admin::init_repo(dir.path(), Some("Starter files")).unwrap();
    commit(dir.path(), "a.txt", "1", "feat: one");
    git(dir.path(), &["switch", "-q", "-c", "topic"]);
    commit(dir.path(), "b.txt", "2", "fix: two");
    git(dir.path(), &["switch", "-q", "main"]);
    commit(dir.path(), "c.txt", "3", "docs: three");
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "--no-edit", "topic"],
    );
    let subject = git(dir.path(), &["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("Merge branch"), "{subject}");
    let body = format!("kind = \"git.commit_message\"\nscope = \"all\"\n{CONVENTIONAL}");
    assert_passed(&check(dir.path(), &body));
}

#[test]
fn commit_message_does_not_count_the_starter_commit_as_the_learners() {
    let dir = repo();
    opslab::verify::git::admin::init_repo(dir.path(), Some("chore: starter files")).unwrap();
    let head = format!("kind = \"git.commit_message\"\n{CONVENTIONAL}");
    let outcome = check(dir.path(), &head);
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("starter commit"), "{actual}");
    let all = format!("kind = \"git.commit_message\"\nscope = \"all\"\n{CONVENTIONAL}");
    let (_, actual) = assert_failed(&check(dir.path(), &all));
    assert!(actual.starts_with("no commit of yours yet"), "{actual}");
}

// ---- git.branch ----

#[test]
fn branch_exists_or_lists_the_branches_there_are() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    git(dir.path(), &["branch", "develop"]);
    assert_passed(&check(
        dir.path(),
        "kind = \"git.branch\"\nname = \"develop\"",
    ));
    let outcome = check(
        dir.path(),
        "kind = \"git.branch\"\nname = \"feature/login\"",
    );
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, "a branch named `feature/login`");
    assert_eq!(actual, "no branch `feature/login`; branches: develop, main");
    assert!(hint(&outcome).contains("git switch -c feature/login"));
    // A tag of that name is not a branch.
    git(dir.path(), &["tag", "release"]);
    assert_failed(&check(
        dir.path(),
        "kind = \"git.branch\"\nname = \"release\"",
    ));
}

// ---- git.tag ----

#[test]
fn tag_exists_and_annotated_refuses_a_lightweight_tag() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    git(dir.path(), &["tag", "v0.1"]);
    git(dir.path(), &["tag", "-a", "v1.0", "-m", "First release"]);
    assert_passed(&check(dir.path(), "kind = \"git.tag\"\nname = \"v0.1\""));
    assert_passed(&check(
        dir.path(),
        "kind = \"git.tag\"\nname = \"v1.0\"\nannotated = true",
    ));
    let outcome = check(
        dir.path(),
        "kind = \"git.tag\"\nname = \"v0.1\"\nannotated = true",
    );
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, "an annotated tag named `v0.1`");
    assert!(actual.contains("lightweight"), "{actual}");
    assert!(hint(&outcome).contains("git tag -a v0.1"));

    let outcome = check(dir.path(), "kind = \"git.tag\"\nname = \"v2.0\"");
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(actual, "no tag `v2.0`; tags: v0.1, v1.0");
    assert!(hint(&outcome).contains("git tag v2.0"));
}

// ---- git.committed ----

#[test]
fn committed_passes_for_a_file_in_the_last_commit() {
    let dir = repo();
    commit(
        dir.path(),
        "scripts/deploy.sh",
        "echo hi\n",
        "feat: deploy script",
    );
    assert_passed(&check(
        dir.path(),
        "kind = \"git.committed\"\npath = \"scripts/deploy.sh\"",
    ));
    // A folder counts too, and a later edit does not undo the commit.
    write(dir.path(), "scripts/deploy.sh", "echo changed\n");
    assert_passed(&check(
        dir.path(),
        "kind = \"git.committed\"\npath = \"scripts\"",
    ));
}

#[test]
fn committed_says_where_the_file_is_instead() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    write(dir.path(), ".gitignore", "*.log\n");
    write(dir.path(), "staged.txt", "s");
    git(dir.path(), &["add", "staged.txt"]);
    write(dir.path(), "loose.txt", "l");
    write(dir.path(), "build.log", "b");
    let cases = [
        ("staged.txt", "`staged.txt` is staged but not committed"),
        (
            "loose.txt",
            "`loose.txt` is only in the working tree (untracked or modified but not staged)",
        ),
        (
            "build.log",
            "`build.log` is only in the working tree, and .gitignore ignores it",
        ),
        ("missing.txt", "`missing.txt` is not present"),
    ];
    for (path, want) in cases {
        let outcome = check(
            dir.path(),
            &format!("kind = \"git.committed\"\npath = \"{path}\""),
        );
        let (expected, actual) = assert_failed(&outcome);
        assert_eq!(expected, format!("`{path}` in the last commit"));
        assert_eq!(actual, want);
    }
}

// ---- git.clean ----

#[test]
fn clean_passes_when_only_ignored_files_are_left() {
    let dir = repo();
    commit(
        dir.path(),
        ".gitignore",
        "target/\n",
        "chore: ignore build output",
    );
    write(dir.path(), "target/app", "binary");
    assert_passed(&check(dir.path(), "kind = \"git.clean\""));
}

#[test]
fn clean_lists_staged_unstaged_and_untracked_paths() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    commit(dir.path(), "b.txt", "1", "feat: two");
    write(dir.path(), "a.txt", "changed");
    write(dir.path(), "new.txt", "n");
    git(dir.path(), &["add", "new.txt"]);
    write(dir.path(), "notes/todo.md", "t");
    let outcome = check(dir.path(), "kind = \"git.clean\"");
    let (expected, actual) = assert_failed(&outcome);
    assert!(expected.starts_with("a clean working tree"));
    assert_eq!(
        actual,
        "3 changes: a.txt (modified), new.txt (staged), notes/ (untracked)"
    );
    std::fs::remove_file(dir.path().join("b.txt")).unwrap();
    let (_, actual) = assert_failed(&check(dir.path(), "kind = \"git.clean\""));
    assert!(actual.contains("b.txt (deleted)"), "{actual}");
}

#[test]
fn clean_shows_at_most_five_paths() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    for n in 0..8 {
        write(dir.path(), &format!("f{n}.txt"), "x");
    }
    let (_, actual) = assert_failed(&check(dir.path(), "kind = \"git.clean\""));
    assert!(
        actual.starts_with("8 changes: f0.txt (untracked), "),
        "{actual}"
    );
    assert!(
        actual.ends_with("f4.txt (untracked) and 3 more"),
        "{actual}"
    );
}

// ---- git.ignored ----

#[test]
fn ignored_passes_for_an_ignored_untracked_path() {
    let dir = repo();
    commit(
        dir.path(),
        ".gitignore",
        ".env\n.terraform/\n",
        "chore: ignore",
    );
    write(dir.path(), ".env", "TOKEN=1");
    write(dir.path(), ".terraform/providers/p", "x");
    assert_passed(&check(
        dir.path(),
        "kind = \"git.ignored\"\npath = \".env\"",
    ));
    assert_passed(&check(
        dir.path(),
        "kind = \"git.ignored\"\npath = \".terraform\"",
    ));
    // A path that does not exist yet is judged by the rules alone.
    let dir2 = repo();
    commit(
        dir2.path(),
        ".gitignore",
        "*.tfstate\n",
        "chore: ignore state",
    );
    assert_passed(&check(
        dir2.path(),
        "kind = \"git.ignored\"\npath = \"terraform.tfstate\"",
    ));
    // A folder-only rule matches a folder that does not exist yet when the
    // path ends with a slash.
    std::fs::remove_dir_all(dir.path().join(".terraform")).unwrap();
    assert_passed(&check(
        dir.path(),
        "kind = \"git.ignored\"\npath = \".terraform/\"",
    ));
    assert_failed(&check(
        dir.path(),
        "kind = \"git.ignored\"\npath = \".terraform\"",
    ));
}

#[test]
fn ignored_fails_for_a_path_no_rule_ignores() {
    let dir = repo();
    commit(dir.path(), ".gitignore", "*.log\n", "chore: ignore logs");
    let outcome = check(dir.path(), "kind = \"git.ignored\"\npath = \".env\"");
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, "`.env` ignored by git and not tracked");
    assert_eq!(actual, "`.env` is not ignored");
    assert!(hint(&outcome).contains(".gitignore"));
}

#[test]
fn ignored_fails_while_the_path_is_still_tracked() {
    let dir = repo();
    commit(dir.path(), ".env", "TOKEN=1", "feat: config");
    commit(dir.path(), ".gitignore", ".env\n", "chore: ignore env");
    let body = "kind = \"git.ignored\"\npath = \".env\"";
    let outcome = check(dir.path(), body);
    let (_, actual) = assert_failed(&outcome);
    assert!(actual.contains("still tracked"), "{actual}");
    assert!(hint(&outcome).contains("git rm -r --cached .env"));

    git(dir.path(), &["rm", "-q", "--cached", ".env"]);
    let (_, actual) = assert_failed(&check(dir.path(), body));
    assert_eq!(actual, "`.env` is ignored but still in the last commit");

    git(
        dir.path(),
        &["commit", "-q", "-m", "chore: stop tracking .env"],
    );
    assert_passed(&check(dir.path(), body));
}

// ---- git.no_secret ----

#[test]
fn no_secret_passes_on_a_history_without_keys() {
    let dir = repo();
    commit(
        dir.path(),
        "config.env",
        "REGION=eu-west-1\n",
        "feat: config",
    );
    assert_passed(&check(dir.path(), "kind = \"git.no_secret\""));
}

#[test]
fn no_secret_finds_a_key_removed_in_a_later_commit() {
    let dir = repo();
    commit(dir.path(), "README.md", "hello\n", "docs: readme");
    commit(
        dir.path(),
        "deploy/creds.env",
        &format!("AWS_ACCESS_KEY_ID={KEY}\n"),
        "feat: deploy settings",
    );
    let leaking = git(dir.path(), &["rev-parse", "--short", "HEAD"]);
    git(dir.path(), &["rm", "-q", "deploy/creds.env"]);
    git(
        dir.path(),
        &["commit", "-q", "-m", "fix: remove credentials"],
    );

    let outcome = check(dir.path(), "kind = \"git.no_secret\"");
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, "no AWS access key in any commit");
    assert_eq!(
        actual,
        format!(
            "commit {leaking} \"feat: deploy settings\" has `deploy/creds.env` containing AKIA****************"
        )
    );
    assert!(!actual.contains(KEY), "the key itself is never shown");
    assert!(hint(&outcome).contains("rewrite history"));
}

#[test]
fn no_secret_passes_once_history_is_rewritten() {
    let dir = repo();
    commit(dir.path(), "README.md", "hello\n", "docs: readme");
    commit(
        dir.path(),
        "app.env",
        &format!("KEY={KEY}\n"),
        "feat: app settings",
    );
    let body = "kind = \"git.no_secret\"";
    assert_failed(&check(dir.path(), body));
    // Amend the commit so that no ref reaches the one holding the key (the
    // old commit stays in the object store and the reflog).
    write(dir.path(), "app.env", "KEY=from-the-environment\n");
    git(dir.path(), &["add", "app.env"]);
    git(dir.path(), &["commit", "-q", "--amend", "--no-edit"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn no_secret_reads_every_ref_not_only_head() {
    let dir = repo();
    commit(dir.path(), "README.md", "hello\n", "docs: readme");
    git(dir.path(), &["switch", "-q", "-c", "experiment"]);
    commit(dir.path(), "k.txt", KEY, "feat: try the key");
    git(dir.path(), &["tag", "-a", "tried", "-m", "kept"]);
    git(dir.path(), &["switch", "-q", "main"]);
    let body = "kind = \"git.no_secret\"";
    assert_failed(&check(dir.path(), body));
    git(dir.path(), &["branch", "-q", "-D", "experiment"]);
    // The annotated tag still reaches it.
    let (_, actual) = assert_failed(&check(dir.path(), body));
    assert!(actual.contains("`k.txt`"), "{actual}");
    git(dir.path(), &["tag", "-d", "tried"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn no_secret_takes_a_pattern_of_the_labs_own() {
    let dir = repo();
    commit(dir.path(), "db.yml", "password: hunter2\n", "feat: db");
    let outcome = check(
        dir.path(),
        "kind = \"git.no_secret\"\npattern = 'password: \\S+'",
    );
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, r"no text matching /password: \S+/ in any commit");
    assert!(
        actual.ends_with("`db.yml` containing pass*************"),
        "{actual}"
    );
    assert_passed(&check(
        dir.path(),
        "kind = \"git.no_secret\"\npattern = 'token: \\S+'",
    ));
}

#[test]
fn a_repository_git_cannot_read_is_an_error_not_a_failure() {
    let dir = repo();
    commit(dir.path(), "a.txt", "some content\n", "feat: one");
    let blob = git(dir.path(), &["rev-parse", "HEAD:a.txt"]);
    let object = dir
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(object).unwrap();
    match check(dir.path(), "kind = \"git.no_secret\"") {
        Outcome::Error { why } => {
            assert!(
                why.starts_with("git could not read the repository"),
                "{why}"
            )
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

// ---- git.merged ----

#[test]
fn merged_passes_once_the_branch_is_in_main() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    git(dir.path(), &["switch", "-q", "-c", "feature"]);
    commit(dir.path(), "b.txt", "2", "feat: two");
    commit(dir.path(), "c.txt", "3", "feat: three");
    git(dir.path(), &["switch", "-q", "main"]);
    let body = "kind = \"git.merged\"\nbranch = \"feature\"";
    let outcome = check(dir.path(), body);
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(
        expected,
        "`feature` merged into `main` (the repository's main branch)"
    );
    assert_eq!(actual, "`feature` has 2 commits that `main` does not have");
    assert!(hint(&outcome).contains("git merge feature"));

    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "--no-edit", "feature"],
    );
    assert_passed(&check(dir.path(), body));
    // Equal tips count as merged.
    git(dir.path(), &["branch", "same"]);
    assert_passed(&check(
        dir.path(),
        "kind = \"git.merged\"\nbranch = \"same\"",
    ));
}

#[test]
fn merged_names_a_missing_branch() {
    let dir = repo();
    commit(dir.path(), "a.txt", "1", "feat: one");
    git(dir.path(), &["branch", "feature"]);
    let (_, actual) = assert_failed(&check(
        dir.path(),
        "kind = \"git.merged\"\nbranch = \"feature\"\ninto = \"release\"",
    ));
    assert_eq!(actual, "no branch `release`; branches: feature, main");
}

// ---- the pack format ----

#[test]
fn git_checks_parse_with_defaults_and_reject_unknown_fields() {
    let parsed = parse_check("id = \"t\"\nkind = \"git.no_secret\"");
    assert_eq!(parsed.title, "No commit holds an AWS access key");
    let parsed = parse_check("id = \"t\"\nkind = \"git.merged\"\nbranch = \"f\"\nrepo = \"app\"");
    assert_eq!(
        parsed.title,
        "Branch `f` is merged into the main branch (repository `app`)"
    );
    let error = parse_error("id = \"t\"\nkind = \"git.clean\"\nbranch = \"main\"");
    assert!(error.contains("unknown field `branch`"), "{error}");
    let error = parse_error(
        "id = \"t\"\nkind = \"git.commit_message\"\npattern = \"x\"\nscope = \"every\"",
    );
    assert!(
        error.contains("`head`") && error.contains("`all`"),
        "{error}"
    );
    let error = parse_error("id = \"t\"\nkind = \"git.committed\"\npath = \"../x\"");
    assert!(error.contains(".."), "{error}");
}

// ---- read-only ----

/// Every file under `root` with its content, so any write shows up.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let content = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), content);
            }
        }
    }
    files
}

#[test]
fn no_git_check_writes_to_the_repository_or_the_working_tree() {
    let dir = repo();
    commit(dir.path(), ".gitignore", ".env\n", "chore: ignore env");
    commit(dir.path(), "a.txt", KEY, "feat: one");
    git(dir.path(), &["switch", "-q", "-c", "feature"]);
    commit(dir.path(), "b.txt", "2", "feat: two");
    git(dir.path(), &["switch", "-q", "main"]);
    git(dir.path(), &["tag", "-a", "v1", "-m", "one"]);
    // Leave work in every state status can see: modified right after the
    // commit (racy timestamps), staged, untracked, ignored.
    write(dir.path(), "a.txt", "changed");
    write(dir.path(), "staged.txt", "s");
    git(dir.path(), &["add", "staged.txt"]);
    write(dir.path(), "loose.txt", "l");
    write(dir.path(), ".env", "TOKEN=1");
    // Same content, new timestamp: a status that refreshes the index would
    // save new stat data for it.
    let touched = std::fs::File::options()
        .write(true)
        .open(dir.path().join(".gitignore"))
        .unwrap();
    let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    touched.set_modified(earlier).unwrap();
    let before = snapshot(dir.path());
    let kinds = [
        "kind = \"git.commits\"\nat_least = 9\nbranch = \"feature\"",
        "kind = \"git.commit_message\"\nscope = \"all\"\npattern = \"^feat\"",
        "kind = \"git.commit_message\"\npattern = \"^feat\"",
        "kind = \"git.branch\"\nname = \"feature\"",
        "kind = \"git.tag\"\nname = \"v1\"\nannotated = true",
        "kind = \"git.committed\"\npath = \"loose.txt\"",
        "kind = \"git.committed\"\npath = \"staged.txt\"",
        "kind = \"git.clean\"",
        "kind = \"git.ignored\"\npath = \".env\"",
        "kind = \"git.ignored\"\npath = \"a.txt\"",
        "kind = \"git.no_secret\"",
        "kind = \"git.merged\"\nbranch = \"feature\"",
    ];
    for body in kinds {
        let outcome = check(dir.path(), body);
        assert!(!outcome.is_error(), "{body}: {outcome:?}");
    }
    let after = snapshot(dir.path());
    assert!(before.keys().any(|p| p.starts_with(".git")));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file appears or disappears"
    );
    for (path, content) in &before {
        assert!(&after[path] == content, "{} changed", path.display());
    }
}
