//! `git.commit`, `git.history`, `git.ref`, `git.config` and the negated
//! `git.branch` / `git.ignored` against real repositories made with the git
//! CLI: merges, linear history, what a commit changes, content rewritten out
//! of history, commit messages over a range, refs across remotes and
//! repositories, and the repository's own config.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use opslab::verify::Outcome;

/// The (actual, hint) of a failed outcome.
#[track_caller]
fn failure(outcome: &Outcome) -> (String, String) {
    match outcome {
        Outcome::Failed { actual, hint, .. } => (actual.clone(), hint.clone().unwrap_or_default()),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

/// `main` with a base commit, and `feature` one commit ahead of it.
fn with_feature(dir: &Path) {
    commit(dir, "a", "1\n", "base");
    git(dir, &["switch", "-q", "-c", "feature"]);
    commit(dir, "b", "1\n", "feat: b");
    git(dir, &["switch", "-q", "main"]);
}

// ---- git.commit: merges ----

const MERGE: &str = "kind = \"git.commit\"\nrev = \"main\"\nparents = 2\nparent2 = \"feature\"";

#[test]
fn a_merge_commit_whose_second_parent_is_the_branch_tip_passes() {
    let dir = repo();
    with_feature(dir.path());
    commit(dir.path(), "c", "1\n", "main moves on");
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "-m", "merge", "feature"],
    );
    assert_passed(&check(dir.path(), MERGE));
}

#[test]
fn a_fast_forward_is_not_a_merge_commit() {
    let dir = repo();
    with_feature(dir.path());
    git(dir.path(), &["merge", "-q", "--ff-only", "feature"]);
    let (actual, hint) = failure(&check(dir.path(), MERGE));
    assert!(
        actual.contains("the tip of `feature` itself: it was fast-forwarded"),
        "{actual}"
    );
    assert!(
        hint.starts_with("merge it with a merge commit: `git merge --no-ff feature`"),
        "{hint}"
    );
}

#[test]
fn a_one_parent_commit_that_copies_the_change_is_not_a_merge() {
    let dir = repo();
    with_feature(dir.path());
    git(dir.path(), &["merge", "-q", "--squash", "feature"]);
    git(dir.path(), &["commit", "-q", "-m", "copy of feature"]);
    let (actual, _) = failure(&check(dir.path(), MERGE));
    assert!(actual.ends_with("with one parent: not a merge"), "{actual}");
}

// ---- git.commit: what it changes ----

const DOCS_ONLY: &str = "kind = \"git.commit\"\nchanged_only_under = \"docs/\"";

#[test]
fn a_last_commit_that_changes_only_docs_passes() {
    let dir = repo();
    commit(dir.path(), "src/app.rs", "fn main() {}\n", "code");
    commit(dir.path(), "docs/guide.md", "# Guide\n", "docs: guide");
    assert_passed(&check(dir.path(), DOCS_ONLY));
    assert_passed(&check(
        dir.path(),
        "kind = \"git.commit\"\nchanges = [\"docs\"]\nmessage = \"^docs:\"",
    ));
}

#[test]
fn a_last_commit_that_also_changes_code_fails_naming_the_file() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    write(dir.path(), "docs/guide.md", "# Guide\n");
    write(dir.path(), "src/app.rs", "fn main() {}\n");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "docs and code"]);
    let (actual, _) = failure(&check(dir.path(), DOCS_ONLY));
    assert!(actual.ends_with("also changes src/app.rs"), "{actual}");
}

// ---- git.history ----

#[test]
fn a_rebased_branch_is_linear_since_its_base_and_a_merged_one_is_not() {
    let body = "kind = \"git.history\"\nrange = \"base..main\"\nlinear = true";
    let dir = repo();
    commit(dir.path(), "a", "1\n", "base");
    git(dir.path(), &["tag", "base"]);
    git(dir.path(), &["switch", "-q", "-c", "topic"]);
    commit(dir.path(), "b", "1\n", "topic");
    git(dir.path(), &["switch", "-q", "main"]);
    commit(dir.path(), "c", "1\n", "main");
    git(dir.path(), &["branch", "rebased", "topic"]);
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "-m", "merge topic", "topic"],
    );
    let (actual, hint) = failure(&check(dir.path(), body));
    assert!(
        actual.starts_with(
            "`base..main` (commits on `main` not on `base`) holds 1 merge commit, such as"
        ),
        "{actual}"
    );
    assert!(hint.contains("git rebase base"), "{hint}");
    git(dir.path(), &["reset", "-q", "--hard", "HEAD~1"]);
    git(dir.path(), &["switch", "-q", "rebased"]);
    git(dir.path(), &["rebase", "-q", "main"]);
    git(dir.path(), &["switch", "-q", "main"]);
    git(dir.path(), &["merge", "-q", "--ff-only", "rebased"]);
    assert_passed(&check(dir.path(), body));
}

/// `feature` three commits ahead of `main`, with these messages.
fn feature_with(dir: &Path, messages: &[&str]) {
    commit(dir, "a", "0\n", "base");
    git(dir, &["switch", "-q", "-c", "feature"]);
    for (i, message) in messages.iter().enumerate() {
        commit(dir, "a", &format!("{}\n", i + 1), message);
    }
    git(dir, &["switch", "-q", "main"]);
}

const RANGE: &str = "kind = \"git.history\"\nrange = \"main..feature\"";

#[test]
fn messages_on_a_branch_are_judged_by_some_every_and_count() {
    let dir = repo();
    feature_with(dir.path(), &["feat: one", "feat: two", "fix: three"]);
    assert_passed(&check(
        dir.path(),
        &format!("{RANGE}\nsome = \"^fix:\"\nevery = \"^(feat|fix):\"\ncount = 3"),
    ));
    assert_passed(&check(
        dir.path(),
        &format!("{RANGE}\nnone = \"WIP\"\nat_least = 2\nat_most = 3"),
    ));
}

#[test]
fn a_message_off_the_pattern_fails_every_and_names_the_commit() {
    let dir = repo();
    feature_with(dir.path(), &["feat: one", "wip", "fix: three"]);
    let (actual, hint) = failure(&check(
        dir.path(),
        &format!("{RANGE}\nevery = \"^(feat|fix):\""),
    ));
    assert!(
        actual.contains("\"wip\" does not match /^(feat|fix):/ (1 of 3 commits do not)"),
        "{actual}"
    );
    assert!(
        hint.starts_with("on `feature` (`git switch feature`), reword them with `git rebase -i "),
        "{hint}"
    );
    let (actual, _) = failure(&check(dir.path(), &format!("{RANGE}\nsome = \"^docs:\"")));
    assert!(
        actual.starts_with("no commit message in `main..feature`"),
        "{actual}"
    );
}

#[test]
fn a_branch_with_four_commits_fails_exactly_three() {
    let dir = repo();
    feature_with(dir.path(), &["one", "two", "three", "four"]);
    let (actual, _) = failure(&check(dir.path(), &format!("{RANGE}\ncount = 3")));
    assert_eq!(
        actual,
        "`main..feature` (commits on `feature` not on `main`) has 4 commits"
    );
}

const NO_PASSWORD: &str =
    "kind = \"git.history\"\nno_content = { path = \"app.cfg\", pattern = \"password\" }";

#[test]
fn a_password_removed_in_a_new_commit_is_still_in_history() {
    let dir = repo();
    commit(dir.path(), "app.cfg", "password=hunter2\n", "config");
    commit(dir.path(), "app.cfg", "user=ada\n", "remove the password");
    let (actual, hint) = failure(&check(dir.path(), NO_PASSWORD));
    assert!(
        actual.contains("\"config\" has `app.cfg` containing pass****"),
        "{actual}"
    );
    assert!(hint.contains("rewrite history"), "{hint}");
}

#[test]
fn a_password_rewritten_out_of_history_passes_though_the_reflog_keeps_it() {
    let dir = repo();
    commit(dir.path(), "README.md", "hi\n", "first");
    commit(dir.path(), "app.cfg", "password=hunter2\n", "config");
    write(dir.path(), "app.cfg", "user=ada\n");
    git(dir.path(), &["add", "app.cfg"]);
    git(dir.path(), &["commit", "-q", "--amend", "-m", "config"]);
    let reflog = git(dir.path(), &["reflog"]);
    assert!(reflog.lines().count() >= 3, "{reflog}");
    assert_passed(&check(dir.path(), NO_PASSWORD));
    // A branch left at the old commit still reaches it.
    git(dir.path(), &["branch", "old", "HEAD@{1}"]);
    let (actual, _) = failure(&check(dir.path(), NO_PASSWORD));
    assert!(actual.contains("containing pass****"), "{actual}");
}

#[test]
fn a_symmetric_range_is_a_load_error() {
    let error =
        parse_error("id = \"t\"\nkind = \"git.history\"\nrange = \"main...feature\"\ncount = 1");
    assert!(error.contains("symmetric range"), "{error}");
    assert!(error.contains("`main..feature`"), "{error}");
}

// ---- git.ref ----

/// A workspace holding `remote` (a repository with `main` and `feature`)
/// and `app`, a clone of it with `origin` pointing there.
fn remote_and_clone() -> (tempfile::TempDir, PathBuf, PathBuf) {
    isolate();
    let workspace = tempfile::tempdir().unwrap();
    let remote = workspace.path().join("remote");
    std::fs::create_dir(&remote).unwrap();
    git(&remote, &["init", "-q", "-b", "main"]);
    commit(&remote, "a", "1\n", "base");
    git(workspace.path(), &["clone", "-q", "remote", "app"]);
    let app = workspace.path().join("app");
    git(&remote, &["switch", "-q", "-c", "feature"]);
    commit(&remote, "b", "1\n", "feature");
    git(&remote, &["switch", "-q", "main"]);
    (workspace, remote, app)
}

const FETCHED: &str = "kind = \"git.ref\"\nrepo = \"app\"\nname = \"origin/feature\"";
const NO_LOCAL: &str = "kind = \"git.branch\"\nrepo = \"app\"\nname = \"feature\"\nexists = false";

#[test]
fn a_fetched_branch_exists_as_remote_tracking_while_no_local_one_does() {
    let (workspace, _remote, app) = remote_and_clone();
    let (actual, hint) = failure(&check(workspace.path(), FETCHED));
    assert!(
        actual.starts_with("no ref `origin/feature`; refs:"),
        "{actual}"
    );
    assert_eq!(hint, "fetch it: `git fetch origin`");
    git(&app, &["fetch", "-q", "origin"]);
    assert_passed(&check(workspace.path(), FETCHED));
    assert_passed(&check(workspace.path(), NO_LOCAL));
    git(&app, &["switch", "-q", "feature"]);
    let (actual, hint) = failure(&check(workspace.path(), NO_LOCAL));
    assert!(
        actual.starts_with("branch `feature` exists, at"),
        "{actual}"
    );
    assert!(hint.starts_with("switch to another branch"), "{hint}");
}

#[test]
fn a_tag_at_the_tip_of_main_passes_and_an_older_one_fails() {
    let dir = repo();
    let body = "kind = \"git.ref\"\nname = \"v1.0\"\nsame_as = \"main\"";
    commit(dir.path(), "a", "1\n", "one");
    git(dir.path(), &["tag", "-a", "v1.0", "-m", "release"]);
    assert_passed(&check(dir.path(), body));
    commit(dir.path(), "a", "2\n", "two");
    let (actual, hint) = failure(&check(dir.path(), body));
    assert!(
        actual.starts_with("`v1.0` is at ") && actual.contains("; `main` is at "),
        "{actual}"
    );
    assert!(
        hint.starts_with("move the annotated tag: `git tag -f -a v1.0 main -m"),
        "{hint}"
    );
    git(
        dir.path(),
        &["tag", "-f", "-a", "v1.0", "-m", "release", "main"],
    );
    assert_passed(&check(dir.path(), body));
}

#[test]
fn an_unpushed_commit_leaves_origin_main_behind_and_push_fixes_it() {
    let (workspace, remote, app) = remote_and_clone();
    let tracking = "kind = \"git.ref\"\nrepo = \"app\"\nname = \"origin/main\"\nsame_as = \"main\"";
    let across = "kind = \"git.ref\"\nrepo = \"remote\"\nname = \"main\"\nsame_as = \"main\"\nsame_as_repo = \"app\"";
    assert_passed(&check(workspace.path(), tracking));
    assert_passed(&check(workspace.path(), across));
    commit(&app, "c", "1\n", "local work");
    let (_, hint) = failure(&check(workspace.path(), tracking));
    assert!(
        hint.starts_with("push it: `git push origin main`"),
        "{hint}"
    );
    let (actual, _) = failure(&check(workspace.path(), across));
    assert!(actual.contains("`main` in `app` is at"), "{actual}");
    // A non-bare remote refuses a push to its checked-out branch.
    git(&remote, &["switch", "-q", "feature"]);
    git(&app, &["push", "-q", "origin", "main"]);
    assert_passed(&check(workspace.path(), tracking));
    assert_passed(&check(workspace.path(), across));
}

#[test]
fn a_ref_that_must_be_gone_fails_while_it_exists() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "one");
    git(dir.path(), &["tag", "tmp"]);
    let body = "kind = \"git.ref\"\nname = \"refs/tags/tmp\"\nexists = false";
    let (_, hint) = failure(&check(dir.path(), body));
    assert_eq!(hint, "delete it: `git tag -d tmp`");
    git(dir.path(), &["tag", "-d", "tmp"]);
    assert_passed(&check(dir.path(), body));
}

// ---- V1: absence in git ----

#[test]
fn a_deleted_branch_passes_exists_false_and_a_present_one_fails() {
    let dir = repo();
    let body = "kind = \"git.branch\"\nname = \"experiment\"\nexists = false";
    commit(dir.path(), "a", "1\n", "one");
    git(dir.path(), &["branch", "experiment"]);
    let (actual, hint) = failure(&check(dir.path(), body));
    assert!(
        actual.starts_with("branch `experiment` exists, at "),
        "{actual}"
    );
    assert_eq!(
        hint,
        "delete it: `git branch -d experiment` (`-D` if it was never merged)"
    );
    git(dir.path(), &["branch", "-d", "experiment"]);
    assert_passed(&check(dir.path(), body));
}

#[test]
fn an_ignored_file_fails_not_ignored_and_the_hint_unignores_it() {
    let dir = repo();
    let body = "kind = \"git.ignored\"\npath = \".env\"\nignored = false";
    commit(dir.path(), ".gitignore", ".env\n", "ignore");
    write(dir.path(), ".env", "KEY=example\n");
    let (actual, hint) = failure(&check(dir.path(), body));
    assert_eq!(actual, "`.env` is ignored");
    assert!(hint.contains("add a line `!.env` after it"), "{hint}");
    write(dir.path(), ".gitignore", ".env\n!.env\n");
    assert_passed(&check(dir.path(), body));
    write(dir.path(), ".gitignore", "");
    assert_passed(&check(dir.path(), body));
    // A folder-only rule reaches a folder that does not exist yet when the
    // path ends with a slash.
    write(dir.path(), ".gitignore", "site/\n");
    let folder = "kind = \"git.ignored\"\npath = \"site/\"\nignored = false";
    let (actual, _) = failure(&check(dir.path(), folder));
    assert_eq!(actual, "`site/` is ignored");
}

// ---- git.config ----

const EMAIL: &str = "kind = \"git.config\"\nkey = \"user.email\"\nequals = \"ada@example.com\"";

#[test]
fn the_repository_email_passes_when_set_there() {
    let dir = repo();
    git(dir.path(), &["config", "user.email", "ada@example.com"]);
    assert_passed(&check(dir.path(), EMAIL));
    assert_passed(&check(
        dir.path(),
        "kind = \"git.config\"\nkey = \"user.email\"\nmatches = \"@example\\\\.com$\"",
    ));
}

#[test]
fn a_missing_or_other_email_fails_and_the_hint_sets_it() {
    let dir = repo();
    let (actual, hint) = failure(&check(dir.path(), EMAIL));
    assert_eq!(
        actual,
        "`user.email` is not set in the repository's own config"
    );
    assert_eq!(
        hint,
        "set it here: `git config user.email \"ada@example.com\"` in the repository"
    );
    git(dir.path(), &["config", "user.email", "bob@example.com"]);
    let (actual, _) = failure(&check(dir.path(), EMAIL));
    assert_eq!(actual, "`user.email` is `bob@example.com`");
    git(dir.path(), &["config", "user.email", "ada@example.com"]);
    assert_passed(&check(dir.path(), EMAIL));
}

// ---- read only ----

/// Every file under `.git`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.join(".git")];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            match path.is_dir() {
                true => pending.push(path),
                false => {
                    files.insert(path.clone(), std::fs::read(&path).unwrap());
                }
            }
        }
    }
    files
}

#[test]
fn the_new_git_kinds_leave_the_repository_as_they_found_it() {
    let dir = repo();
    with_feature(dir.path());
    write(dir.path(), "notes.md", "x\n");
    git(dir.path(), &["add", "notes.md"]);
    write(dir.path(), "a", "changed\n");
    let before = snapshot(dir.path());
    for body in [
        "kind = \"git.staged\"\npath = \"notes.md\"\ncontains = \"x\"",
        "kind = \"git.staged\"\npath = \"a\"",
        "kind = \"git.file\"\npath = \"a\"\nrev = \"index\"\nmatches = \"1\"",
        "kind = \"git.head\"\nbranch = \"main\"\nin_progress = false",
        "kind = \"git.commit\"\nrev = \"feature\"\nparents = 1",
        "kind = \"git.history\"\nrange = \"--all\"\nlinear = true\nno_content = { path = \"a\", pattern = \"x\" }",
        "kind = \"git.ref\"\nname = \"feature\"\nsame_as = \"main\"",
        "kind = \"git.config\"\nkey = \"core.bare\"\nequals = \"false\"",
    ] {
        check(dir.path(), body);
    }
    assert!(
        before == snapshot(dir.path()),
        "a check changed a file under .git"
    );
}

// ---- the documentation ----

#[derive(serde::Deserialize)]
struct Checks {
    check: Vec<opslab::pack::Check>,
}

#[test]
fn every_example_on_the_git_page_loads() {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks/git.md"))
            .unwrap();
    let blocks: Vec<&str> = page
        .split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 15, "{} examples", blocks.len());
    for block in blocks {
        let loaded: Checks = toml::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        assert!(!loaded.check.is_empty());
    }
}

#[test]
fn a_config_key_without_a_section_is_a_load_error() {
    let error = parse_error("id = \"t\"\nkind = \"git.config\"\nkey = \"email\"");
    assert!(
        error.contains("\"email\" is not a git config key"),
        "{error}"
    );
    assert!(error.contains("\"user.email\""), "{error}");
}

#[test]
fn stash_commits_are_not_judged_by_messages_counts_or_merges_over_every_ref() {
    let body =
        "kind = \"git.history\"\nrange = \"--all\"\nevery = \"^feat: \"\ncount = 2\nlinear = true";
    let dir = repo();
    commit(dir.path(), "a", "1\n", "feat: one");
    commit(dir.path(), "a", "2\n", "feat: two");
    assert_passed(&check(dir.path(), body));
    write(dir.path(), "a", "3\n");
    write(dir.path(), "new", "untracked\n");
    git(dir.path(), &["stash", "-q", "-u"]);
    assert_passed(&check(dir.path(), body));
    commit(dir.path(), "a", "4\n", "wip");
    let (actual, _) = failure(&check(dir.path(), body));
    assert!(actual.contains("has 3 commits"), "{actual}");
}

#[test]
fn a_range_with_no_merge_fails_linear_false_saying_what_was_expected() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "base");
    git(dir.path(), &["tag", "base"]);
    commit(dir.path(), "a", "2\n", "next");
    let body = "kind = \"git.history\"\nrange = \"base..main\"\nlinear = false";
    let outcome = check(dir.path(), body);
    let Outcome::Failed { expected, .. } = &outcome else {
        panic!("expected a failure, got {outcome:#?}");
    };
    assert!(!expected.is_empty(), "{outcome:#?}");
    let (actual, _) = failure(&outcome);
    assert!(actual.contains("holds no merge commit"), "{actual}");
}

#[test]
fn a_local_branch_spelled_like_a_remote_one_is_not_the_fetched_branch() {
    let (workspace, _remote, app) = remote_and_clone();
    git(&app, &["branch", "origin/feature"]);
    let (actual, hint) = failure(&check(workspace.path(), FETCHED));
    assert!(
        actual.starts_with("no ref `origin/feature`; refs:"),
        "{actual}"
    );
    assert_eq!(hint, "fetch it: `git fetch origin`");
    git(&app, &["fetch", "-q", "origin"]);
    assert_passed(&check(workspace.path(), FETCHED));
}

#[test]
fn head_before_the_first_commit_fails_saying_it_has_no_commit() {
    let dir = repo();
    let body = "kind = \"git.ref\"\nname = \"HEAD\"";
    let (actual, hint) = failure(&check(dir.path(), body));
    assert_eq!(actual, "`HEAD` has no commit yet");
    assert!(hint.contains("git commit"), "{hint}");
    commit(dir.path(), "a", "1\n", "first");
    assert_passed(&check(dir.path(), body));
}

#[test]
fn a_password_only_in_the_stash_fails_and_the_hint_drops_the_stash() {
    let dir = repo();
    commit(dir.path(), "app.cfg", "user=ada\n", "config");
    write(dir.path(), "app.cfg", "password=hunter2\n");
    git(dir.path(), &["stash", "-q"]);
    let (actual, hint) = failure(&check(dir.path(), NO_PASSWORD));
    assert!(actual.contains("containing pass****"), "{actual}");
    assert!(hint.contains("git stash drop"), "{hint}");
    git(dir.path(), &["stash", "clear"]);
    assert_passed(&check(dir.path(), NO_PASSWORD));
}

#[test]
fn a_file_under_an_ignored_folder_hints_to_change_the_folder_rule_not_to_reinclude() {
    let dir = repo();
    let body = "kind = \"git.ignored\"\npath = \"config/.env.example\"\nignored = false";
    commit(dir.path(), ".gitignore", "config/\n", "ignore");
    write(dir.path(), "config/.env.example", "KEY=example\n");
    let (actual, hint) = failure(&check(dir.path(), body));
    assert_eq!(actual, "`config/.env.example` is ignored");
    assert!(
        hint.contains("change the folder's rule to `config/*`"),
        "{hint}"
    );
    write(dir.path(), ".gitignore", "config/\n!config/.env.example\n");
    assert!(failure(&check(dir.path(), body)).0.ends_with("is ignored"));
    write(dir.path(), ".gitignore", "config/*\n!config/.env.example\n");
    assert_passed(&check(dir.path(), body));
}
