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
            terraform_show_hint(path),
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

/// How to put JSON into `path`. A state file is what `terraform show`
/// reads, so redirecting its output into that file would empty it first
/// (the shell truncates before terraform runs) and `show -json` has
/// another layout anyway: the state is restored, never redirected into.
fn terraform_show_hint(path: &RelPath) -> String {
    let name = path.to_string();
    if is_state_file(&name) && name.ends_with(".backup") {
        format!("`{name}` must hold the JSON state terraform writes: copy it again from the state file, or run `terraform apply` again; never redirect a command's output into it")
    } else if is_state_file(&name) {
        let quoted = shell_quote(&name);
        let backup = shell_quote(&format!("{name}.backup"));
        format!(
            "`{name}` must hold the JSON state terraform writes: restore it from its backup (`cp {backup} {quoted}`) or run `terraform apply` again; never redirect a command's output into the state file it reads"
        )
    } else {
        format!(
            "write `terraform show -json` to the file: `terraform show -json > {}`",
            shell_quote(&name)
        )
    }
}

/// A Terraform state file or its backup (`terraform.tfstate`,
/// `prod.tfstate`, `terraform.tfstate.backup`).
pub(crate) fn is_state_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".tfstate") || lower.ends_with(".tfstate.backup")
}

/// `path` as one shell word: bare when it holds only safe characters,
/// otherwise in single quotes.
fn shell_quote(path: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+".contains(c);
    if !path.is_empty() && path.chars().all(safe) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
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

    #[test]
    fn a_state_file_is_never_told_to_receive_a_redirect() {
        let hint = terraform_show_hint(&RelPath::new("infra/terraform.tfstate").unwrap());
        assert!(!hint.contains('>'), "{hint}");
        assert!(hint.contains("cp infra/terraform.tfstate.backup infra/terraform.tfstate"));
        let hint = terraform_show_hint(&RelPath::new("my state.json").unwrap());
        assert!(
            hint.ends_with("`terraform show -json > 'my state.json'`"),
            "{hint}"
        );
    }
}
