//! What a document that does not parse looks like instead, when that is
//! the better thing to tell the learner: an empty file, the text output of
//! `terraform show` where its JSON belongs, YAML in a JSON file. Said
//! rather than "fix the syntax at line 1", which would send the learner
//! hunting for a typo that is not there.

use crate::pack::checks::DocFormat;
use crate::pack::types::RelPath;
use crate::verify::Outcome;

/// The failure for a text that is not `format` at all, or `None` when it
/// looks like a broken document of that format (its syntax error is then
/// the better message).
pub fn not_the_format(path: &RelPath, format: DocFormat, text: &str) -> Option<Outcome> {
    let expected = format!("`{path}` is valid {format}");
    if text.trim().is_empty() {
        return Some(Outcome::failed_with_hint(
            expected,
            format!("`{path}` is empty"),
            format!("write the {format} document the lab asks for into `{path}`"),
        ));
    }
    if format != DocFormat::Json {
        return None;
    }
    let first = text.trim_start().chars().next()?;
    if matches!(first, '{' | '[' | '"') || first.is_ascii_digit() {
        return None;
    }
    if looks_like_terraform_show(text) {
        return Some(Outcome::failed_with_hint(
            expected,
            "not JSON: it looks like the output of `terraform show`",
            format!("write `terraform show -json` to the file: `terraform show -json > {path}`"),
        ));
    }
    if looks_like_yaml(text) {
        return Some(Outcome::failed_with_hint(
            expected,
            "not JSON: it looks like YAML",
            format!("`{path}` must hold JSON (starting with `{{` or `[`); write the command's JSON output (often a `-json` or `-o json` flag) to it"),
        ));
    }
    None
}

/// `terraform show` (and `plan`) print resources as `# aws_s3_bucket.logs:`
/// followed by `resource "aws_s3_bucket" "logs" {`, or say "No changes." or
/// "Outputs:".
fn looks_like_terraform_show(text: &str) -> bool {
    text.lines().map(str::trim).any(|line| {
        let header = line
            .strip_prefix("# ")
            .and_then(|rest| rest.strip_suffix(':'))
            .is_some_and(|address| address.contains('.') && !address.contains(' '));
        header
            || line.starts_with("resource \"")
            || line.starts_with("data \"")
            || line.starts_with("Terraform will perform")
            || line.starts_with("Terraform used the selected providers")
            || line == "Outputs:"
            || line.starts_with("No changes.")
            || line == "The state file is empty. No resources are represented."
    })
}

/// A first line such as `---`, `key: value` or `- item`.
fn looks_like_yaml(text: &str) -> bool {
    let Some(line) = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    else {
        return false;
    };
    line == "---"
        || line.starts_with("- ")
        || line.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty()
                && !key.contains(char::is_whitespace)
                && (rest.is_empty() || rest.starts_with(' '))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_show_text_yaml_and_broken_json_are_told_apart() {
        let show =
            "# aws_s3_bucket.logs:\nresource \"aws_s3_bucket\" \"logs\" {\n    bucket = \"x\"\n}\n";
        assert!(looks_like_terraform_show(show));
        assert!(looks_like_yaml("version: 4\nresources: []\n"));
        let path = RelPath::new("state.json").unwrap();
        assert!(not_the_format(&path, DocFormat::Json, "{\"a\": 1,,}").is_none());
        assert!(not_the_format(&path, DocFormat::Json, "hello world").is_none());
        assert!(not_the_format(&path, DocFormat::Yaml, "a: [").is_none());
        assert!(not_the_format(&path, DocFormat::Toml, "  \n").is_some());
    }
}
