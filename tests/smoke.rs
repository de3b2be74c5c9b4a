mod common;
use common::*;

#[test]
fn running_container_passes_and_missing_one_does_not() {
    let name = unique("smoke");
    let _guard = run_container(&name, &[], &["sleep", "300"]);
    assert_passed(&outcome(&format!(
        "id = \"t\"\nkind = \"container.running\"\ncontainer = \"{name}\""
    )));
}
