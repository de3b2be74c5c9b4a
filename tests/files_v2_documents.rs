//! `file.query` v2 against real documents in temporary workspaces: filters
//! that pick a list item by a sibling key, exact counts and sets, a folder
//! read as one Terraform module, and JSON files that hold something else.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_failed, assert_passed, outcome_in, parse_error};
use opslab::verify::Outcome;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn query(ws: &Path, fields: &str) -> Outcome {
    outcome_in(
        &format!("id = \"c\"\nkind = \"file.query\"\n{fields}\n"),
        ws,
    )
}

const PROMETHEUS: &str = r#"global:
  scrape_interval: 15s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
  - job_name: node
    static_configs:
      - targets: ["exporter:9100"]
"#;

/// The node job's target, and another job's: two wildcard queries would
/// accept `node` with the other job's target.
const SWAPPED: &str = r#"scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["exporter:9100"]
  - job_name: node
    static_configs:
      - targets: ["localhost:9100"]
"#;

const NODE_TARGET: &str = "path = \"prometheus.yml\"\nquery = \"scrape_configs[job_name=node].static_configs[*].targets[*]\"\nequals = \"exporter:9100\"";

#[test]
fn the_node_job_targets_the_exporter_and_a_target_of_another_job_does_not_count() {
    let ws = tempfile::tempdir().unwrap();
    write(ws.path(), "prometheus.yml", PROMETHEUS);
    assert_passed(&query(ws.path(), NODE_TARGET));
    write(ws.path(), "prometheus.yml", SWAPPED);
    let (expected, actual) = assert_failed(&query(ws.path(), NODE_TARGET));
    assert_eq!(
        expected,
        "`scrape_configs[job_name=node].static_configs[*].targets[*]` in `prometheus.yml` equal to \"exporter:9100\""
    );
    assert_eq!(
        actual,
        "scrape_configs[1].static_configs[0].targets[0] = \"localhost:9100\""
    );
}

#[test]
fn a_filter_that_picks_nothing_lists_what_the_key_holds() {
    let ws = tempfile::tempdir().unwrap();
    write(
        ws.path(),
        "prometheus.yml",
        &PROMETHEUS.replace("job_name: node", "job_name: nodes"),
    );
    let (_, actual) = assert_failed(&query(ws.path(), NODE_TARGET));
    assert_eq!(
        actual,
        "nothing at `scrape_configs[job_name=node].static_configs[*].targets[*]`: no item of `scrape_configs` has `job_name` = `node` (their `job_name`: `prometheus`, `nodes`)"
    );
    // The plain path form keeps its message.
    let (_, actual) = assert_failed(&query(
        ws.path(),
        "path = \"prometheus.yml\"\nquery = \"global.evaluation_interval\"",
    ));
    assert_eq!(
        actual,
        "nothing at `global.evaluation_interval`: `global` has no key `evaluation_interval` (its keys: scrape_interval)"
    );
}

const WORKFLOW: &str = "jobs:\n  lint:\n    runs-on: ubuntu-24.04\n  test:\n    runs-on: ubuntu-24.04\n  build:\n    runs-on: ubuntu-24.04\n";

#[test]
fn exactly_three_jobs_passes_and_four_fails_naming_them() {
    let ws = tempfile::tempdir().unwrap();
    write(ws.path(), "ci.yml", WORKFLOW);
    let three = "path = \"ci.yml\"\nquery = \"jobs\"\ncount = 3";
    assert_passed(&query(ws.path(), three));
    write(
        ws.path(),
        "ci.yml",
        &format!("{WORKFLOW}  deploy:\n    runs-on: x\n"),
    );
    let (expected, actual) = assert_failed(&query(ws.path(), three));
    assert_eq!(expected, "exactly 3 of `jobs` in `ci.yml`");
    assert!(actual.starts_with("4 found: {"), "{actual}");
}

const COMPOSE: &str = "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n";

#[test]
fn the_set_of_service_images_equals_the_list_whatever_the_order() {
    let ws = tempfile::tempdir().unwrap();
    write(ws.path(), "compose.yaml", COMPOSE);
    let set = "path = \"compose.yaml\"\nquery = \"services.*.image\"\nsame_set = [\"redis:7\", \"nginx:1.27\", \"postgres:16\"]";
    assert_passed(&query(ws.path(), set));
    write(
        ws.path(),
        "compose.yaml",
        &COMPOSE.replace("redis:7", "memcached:1"),
    );
    let (_, actual) = assert_failed(&query(ws.path(), set));
    assert!(
        actual.starts_with("missing \"redis:7\"; not asked for \"memcached:1\"; found services.cache.image = \"memcached:1\""),
        "{actual}"
    );
}

#[test]
fn all_tf_files_of_a_folder_read_as_one_module() {
    let ws = tempfile::tempdir().unwrap();
    write(
        ws.path(),
        "infra/main.tf",
        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n",
    );
    write(ws.path(), "infra/network.tf", "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = \"acme-data\"\n}\n");
    write(ws.path(), "infra/notes.md", "not terraform");
    let buckets = "path = \"infra/\"\nquery = \"resource.aws_s3_bucket.*.bucket\"\nsame_set = [\"acme-logs\", \"acme-data\"]";
    assert_passed(&query(ws.path(), buckets));
    let vpc =
        "path = \"infra/\"\nquery = \"resource.aws_vpc.main.cidr_block\"\nequals = \"10.0.0.0/16\"";
    assert_passed(&query(ws.path(), vpc));

    fs::remove_file(ws.path().join("infra/network.tf")).unwrap();
    let (_, actual) = assert_failed(&query(ws.path(), vpc));
    assert_eq!(
        actual,
        "nothing at `resource.aws_vpc.main.cidr_block`: `resource` has no key `aws_vpc` (its keys: aws_s3_bucket)"
    );
    write(
        ws.path(),
        "infra/broken.tf",
        "resource \"aws_vpc\" \"main\" {\n  cidr_block = \n}\n",
    );
    let (_, actual) = assert_failed(&query(ws.path(), vpc));
    assert!(
        actual.starts_with("infra/broken.tf does not parse: line 2"),
        "{actual}"
    );
}

#[test]
fn a_folder_without_tf_files_says_so() {
    let ws = tempfile::tempdir().unwrap();
    fs::create_dir(ws.path().join("infra")).unwrap();
    let (_, actual) = assert_failed(&query(ws.path(), "path = \"infra/\"\nquery = \"resource\""));
    assert_eq!(actual, "`infra/` holds no .tf or .tf.json file");
    let err = parse_error(
        "id = \"c\"\nkind = \"file.query\"\npath = \"infra/\"\nformat = \"yaml\"\nquery = \"a\"\n",
    );
    assert!(err.contains("read only as a Terraform module"), "{err}");
}

const SHOW: &str = "# aws_s3_bucket.logs:\nresource \"aws_s3_bucket\" \"logs\" {\n    bucket = \"acme-logs\"\n    id     = \"acme-logs\"\n}\n";

#[test]
fn terraform_show_text_in_a_json_file_says_to_write_show_json() {
    let ws = tempfile::tempdir().unwrap();
    let ids = "path = \"state.json\"\nquery = \"values.root_module.resources[*].values.id\"\nequals = \"acme-logs\"";
    write(
        ws.path(),
        "state.json",
        r#"{"values": {"root_module": {"resources": [{"values": {"id": "acme-logs"}}]}}}"#,
    );
    assert_passed(&query(ws.path(), ids));
    write(ws.path(), "state.json", SHOW);
    let outcome = query(ws.path(), ids);
    let (expected, actual) = assert_failed(&outcome);
    assert_eq!(expected, "`state.json` is valid JSON");
    assert_eq!(
        actual,
        "not JSON: it looks like the output of `terraform show`"
    );
    assert!(format!("{outcome:?}").contains("terraform show -json > state.json"));
}

#[test]
fn an_empty_or_yaml_json_file_says_what_it_is_and_broken_json_names_the_line() {
    let ws = tempfile::tempdir().unwrap();
    let q = "path = \"state.json\"\nquery = \"version\"";
    write(ws.path(), "state.json", "\n");
    assert_eq!(
        assert_failed(&query(ws.path(), q)).1,
        "`state.json` is empty"
    );
    write(ws.path(), "state.json", "version: 4\nresources: []\n");
    assert_eq!(
        assert_failed(&query(ws.path(), q)).1,
        "not JSON: it looks like YAML"
    );
    write(
        ws.path(),
        "state.json",
        "{\n  \"version\": 4,\n  \"x\" 1\n}\n",
    );
    let (_, actual) = assert_failed(&query(ws.path(), q));
    assert!(actual.contains("line 3"), "{actual}");
}

#[test]
fn a_module_block_is_followed_to_its_local_source_folder() {
    let ws = tempfile::tempdir().unwrap();
    write(ws.path(), "infra/main.tf", "module \"net\" {\n  source = \"./modules/net\"\n  cidr   = \"10.0.0.0/16\"\n}\nmodule \"consul\" {\n  source = \"hashicorp/consul/aws\"\n}\n");
    write(
        ws.path(),
        "infra/modules/net/vpc.tf",
        "variable \"cidr\" {}\nresource \"aws_vpc\" \"main\" {\n  cidr_block = var.cidr\n}\n",
    );
    let vpc = "path = \"infra/\"\nquery = 'module.net.$module.resource.aws_vpc.main.cidr_block'\nequals = '${var.cidr}'";
    assert_passed(&query(ws.path(), vpc));
    fs::remove_file(ws.path().join("infra/modules/net/vpc.tf")).unwrap();
    write(
        ws.path(),
        "infra/modules/net/subnet.tf",
        "resource \"aws_subnet\" \"a\" {\n}\n",
    );
    let (_, actual) = assert_failed(&query(ws.path(), vpc));
    assert_eq!(
        actual,
        "nothing at `module.net.$module.resource.aws_vpc.main.cidr_block`: `module.net.$module.resource` has no key `aws_vpc` (its keys: aws_subnet)"
    );
}

#[test]
fn a_state_file_holding_show_text_is_told_to_restore_it_never_to_redirect_into_it() {
    let ws = tempfile::tempdir().unwrap();
    let check = "path = \"terraform.tfstate\"\nquery = \"resources[*].instances[*].attributes.id\"\nequals = \"acme-logs\"";
    write(
        ws.path(),
        "terraform.tfstate",
        r#"{"version": 4, "resources": [{"instances": [{"attributes": {"id": "acme-logs"}}]}]}"#,
    );
    assert_passed(&query(ws.path(), check));
    write(ws.path(), "terraform.tfstate", SHOW);
    let outcome = query(ws.path(), check);
    let (_, actual) = assert_failed(&outcome);
    assert_eq!(
        actual,
        "not JSON: it looks like the output of `terraform show`"
    );
    let shown = format!("{outcome:?}");
    assert!(!shown.contains("> terraform.tfstate"), "{shown}");
    assert!(
        shown.contains("cp terraform.tfstate.backup terraform.tfstate"),
        "{shown}"
    );
}

#[test]
fn a_tfstate_file_is_read_as_json_without_a_format() {
    let ws = tempfile::tempdir().unwrap();
    let check = "path = \"prod.tfstate\"\nquery = \"version\"\nequals = 4";
    write(ws.path(), "prod.tfstate", r#"{"version": 4}"#);
    assert_passed(&query(ws.path(), check));
    write(ws.path(), "prod.tfstate", r#"{"version": 3}"#);
    assert_failed(&query(ws.path(), check));
    let err =
        parse_error("id = \"c\"\nkind = \"file.query\"\npath = \"state.dat\"\nquery = \"a\"\n");
    assert!(err.contains("\"json\", \"yaml\""), "{err}");
}

#[test]
fn tf_json_files_join_the_module_and_override_files_replace_what_they_set() {
    let ws = tempfile::tempdir().unwrap();
    write(
        ws.path(),
        "infra/main.tf",
        "resource \"aws_instance\" \"web\" {\n  instance_type = \"t3.micro\"\n  ami = \"ami-1\"\n}\n",
    );
    write(
        ws.path(),
        "infra/buckets.tf.json",
        r#"{"resource": {"aws_s3_bucket": {"logs": {"bucket": "acme-logs"}}}}"#,
    );
    let bucket =
        "path = \"infra/\"\nquery = \"resource.aws_s3_bucket.logs.bucket\"\nequals = \"acme-logs\"";
    assert_passed(&query(ws.path(), bucket));
    let size = "path = \"infra/\"\nquery = \"resource.aws_instance.web.instance_type\"\nequals = \"t3.large\"";
    let (_, actual) = assert_failed(&query(ws.path(), size));
    assert!(actual.contains("t3.micro"), "{actual}");
    write(
        ws.path(),
        "infra/size_override.tf",
        "resource \"aws_instance\" \"web\" {\n  instance_type = \"t3.large\"\n}\n",
    );
    assert_passed(&query(ws.path(), size));
    let ami = "path = \"infra/\"\nquery = \"resource.aws_instance.web.ami\"\nequals = \"ami-1\"";
    assert_passed(&query(ws.path(), ami));
    fs::remove_file(ws.path().join("infra/size_override.tf")).unwrap();
    write(
        ws.path(),
        "infra/override.tf.json",
        r#"{"resource": {"aws_instance": {"web": {"instance_type": "t3.large"}}}}"#,
    );
    assert_passed(&query(ws.path(), size));
}
