//! How the files of one Terraform module combine into one document: primary
//! files merge block by block, and override files (`override.tf`,
//! `*_override.tf`) then replace the attributes they set, as Terraform
//! applies them.

use serde_json::Value;

/// Merges `from` into `into`: tables key by key, lists one after the other;
/// for a plain value defined twice (an error to Terraform) the first stays.
pub fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b),
        _ => {}
    }
}

/// Applies an override file: each block is found by its type and labels
/// (`resource.aws_s3_bucket.logs`, `variable.env`, `locals`), and every
/// attribute or nested block the override sets replaces the original's;
/// what it does not set stays.
pub fn merge_override(into: &mut Value, from: Value) {
    let (Value::Object(module), Value::Object(blocks)) = (into, from) else {
        return;
    };
    for (kind, value) in blocks {
        let labels = match kind.as_str() {
            "resource" | "data" => 2,
            "module" | "variable" | "output" | "provider" => 1,
            _ => 0,
        };
        match module.get_mut(&kind) {
            Some(existing) => replace_in(existing, value, labels),
            None => {
                module.insert(kind, value);
            }
        }
    }
}

/// Walks `labels` levels of block labels, then replaces the body's keys.
fn replace_in(into: &mut Value, from: Value, labels: usize) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) if labels > 0 => replace_in(existing, value, labels - 1),
                    _ => {
                        a.insert(key, value);
                    }
                }
            }
        }
        (into, from) => *into = from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blocks_of_two_files_merge_by_labels() {
        let mut a = json!({"resource": {"aws_s3_bucket": {"logs": {"bucket": "l"}}}, "variable": {"env": {}}});
        merge(
            &mut a,
            json!({"resource": {"aws_s3_bucket": {"data": {"bucket": "d"}}, "aws_vpc": {"main": {}}}}),
        );
        assert_eq!(a["resource"]["aws_s3_bucket"]["logs"]["bucket"], json!("l"));
        assert_eq!(a["resource"]["aws_s3_bucket"]["data"]["bucket"], json!("d"));
        assert!(a["resource"]["aws_vpc"]["main"].is_object());
        assert!(a["variable"]["env"].is_object());
    }

    #[test]
    fn an_override_replaces_the_attributes_it_sets_and_keeps_the_others() {
        let mut a = json!({"resource": {"aws_instance": {"web": {"instance_type": "t3.micro", "ami": "ami-1", "tags": {"a": "1"}}}}, "locals": {"env": "dev", "team": "x"}});
        merge_override(
            &mut a,
            json!({"resource": {"aws_instance": {"web": {"instance_type": "t3.large", "tags": {"b": "2"}}}}, "locals": {"env": "prod"}}),
        );
        let web = &a["resource"]["aws_instance"]["web"];
        assert_eq!(web["instance_type"], json!("t3.large"));
        assert_eq!(web["ami"], json!("ami-1"));
        assert_eq!(web["tags"], json!({"b": "2"}));
        assert_eq!(a["locals"], json!({"env": "prod", "team": "x"}));
    }
}
