//! `[resources] images = ["REPO:*"]`: a lab that tags images by commit id
//! or build number owns every tag of its repository; reset and pack test
//! remove them all, and no tag of another repository.

mod common;
mod docker_pack;

use common::{docker, test_image, unique, Cleanup};
use docker_pack::{exists, OneLab};

#[test]
fn every_tag_of_a_declared_repository_is_removed_and_no_other() {
    let repo = unique("wild");
    let other = format!("{repo}-other:1");
    let tags = [
        format!("{repo}:1.0.0"),
        format!("{repo}:3f2a9c1"),
        format!("{repo}:latest"),
    ];
    for t in tags.iter().chain([&other]) {
        docker(&["tag", test_image(), t]);
    }
    let _cleanup = Cleanup(
        tags.iter()
            .chain([&other])
            .map(|t| vec!["rmi".to_string(), t.clone()])
            .collect(),
    );
    let lab = OneLab::new(&format!(
        "[resources]\nimages = [\"{repo}:*\"]\n\n[[check]]\nid = \"x\"\nkind = \"image.exists\"\nimage = \"{repo}:1.0.0\"\n"
    ));
    let run = lab.run(&["reset", "lab", "--yes"], &[]);
    assert_eq!(run.code, Some(0), "{}", run.text);
    assert!(
        run.text.contains(&format!("remove image {repo}:*")),
        "the preview names the repository: {}",
        run.text
    );
    for t in &tags {
        assert!(!exists("image", t), "{t} was left");
    }
    assert!(
        exists("image", &other),
        "a tag of another repository was removed"
    );
    assert!(
        exists("image", test_image()),
        "the image itself (another tag) stays"
    );
}

#[test]
fn a_repository_pattern_must_name_a_repository() {
    let lab = OneLab::new("[resources]\nimages = [\"a:1:*\", \"*\"]\n\n[[check]]\nid = \"x\"\nkind = \"file.exists\"\npath = \"README.md\"\n");
    let run = lab.run(
        &["pack", "validate", lab.path("pack").to_str().unwrap()],
        &[],
    );
    assert_eq!(run.code, Some(2), "{}", run.text);
    assert!(
        run.text.contains("or `:*` for every tag of the repository"),
        "{}",
        run.text
    );
}
