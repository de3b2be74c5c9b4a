//! Git hints that must work when followed on the repository shapes where a
//! plain command would do harm: an annotated tag moved with `tag -f` turns
//! lightweight, `rebase -i` over a merge flattens it, `reset --hard` does
//! not move a tag.

mod common;

use common::*;
use opslab::verify::Outcome;

#[track_caller]
fn hint(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint, .. } => hint.clone().unwrap_or_default(),
        other => panic!("expected a failure, got {other:#?}"),
    }
}

#[test]
fn moving_an_annotated_tag_keeps_it_annotated() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "feat: a");
    git(dir.path(), &["tag", "-a", "v1.0.0", "-m", "release"]);
    commit(dir.path(), "b", "1\n", "feat: b");
    let h = hint(&check(
        dir.path(),
        "kind = \"git.ref\"\nname = \"v1.0.0\"\nsame_as = \"main\"",
    ));
    assert!(h.contains("git tag -f -a v1.0.0 main -m"), "{h}");
    git(dir.path(), &["tag", "v2.0.0", "HEAD~1"]);
    let h = hint(&check(
        dir.path(),
        "kind = \"git.ref\"\nname = \"v2.0.0\"\nsame_as = \"main\"",
    ));
    assert!(
        h.contains("git tag -f v2.0.0 main") && !h.contains("-a"),
        "a lightweight tag stays lightweight: {h}"
    );
}

#[test]
fn rewording_over_a_merge_keeps_the_merge() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "feat: a");
    git(dir.path(), &["switch", "-q", "-c", "feature"]);
    commit(dir.path(), "b", "1\n", "bad message");
    git(dir.path(), &["switch", "-q", "main"]);
    commit(dir.path(), "c", "1\n", "feat: c");
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
    );
    let body = "kind = \"git.history\"\nrange = \"HEAD~1..HEAD\"\nevery = '^(feat|fix|merge)'";
    let h = hint(&check(dir.path(), body));
    assert!(h.contains("git rebase -i --rebase-merges"), "{h}");
    // Without a merge in the way, the plain command is given.
    let plain = repo();
    commit(plain.path(), "a", "1\n", "feat: a");
    commit(plain.path(), "b", "1\n", "bad message");
    commit(plain.path(), "c", "1\n", "feat: c");
    let h = hint(&check(
        plain.path(),
        "kind = \"git.history\"\nrange = \"HEAD~2..HEAD\"\nevery = '^feat'",
    ));
    assert!(
        h.contains("git rebase -i ") && !h.contains("--rebase-merges"),
        "{h}"
    );
}

#[test]
fn a_tag_on_a_fast_forward_is_moved_with_git_tag_not_reset() {
    let dir = repo();
    commit(dir.path(), "a", "1\n", "feat: a");
    git(dir.path(), &["switch", "-q", "-c", "feature"]);
    commit(dir.path(), "b", "1\n", "feat: b");
    git(dir.path(), &["switch", "-q", "main"]);
    git(dir.path(), &["merge", "-q", "--ff-only", "feature"]);
    git(dir.path(), &["tag", "-a", "v1.0.0", "-m", "release"]);
    let body = "kind = \"git.commit\"\nrev = \"v1.0.0\"\nparents = 2\nparent2 = \"feature\"";
    let h = hint(&check(dir.path(), body));
    assert!(h.contains("git tag -f -a v1.0.0"), "{h}");
    assert!(!h.contains("reset --hard"), "{h}");
}
