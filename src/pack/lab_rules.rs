//! Rules on a lab's checks that no single field can see: checks that
//! would pass whatever the learner does. Each is placed with the TOML
//! parser's spans, at the field to change.

use toml::de::{DeTable, DeValue};

use super::check::{Check, CheckSpec};
use super::checks::GitCheck;
use super::error::PackProblem;
use super::objects::Object;

/// Checks of `checks` (in the order of the `[[check]]` tables of `text`)
/// that could never fail.
pub(crate) fn vacuous_checks(file: &str, text: &str, checks: &[Check]) -> Vec<PackProblem> {
    let mut out = Vec::new();
    for (index, check) in checks.iter().enumerate() {
        if let CheckSpec::Git(GitCheck::Merged {
            branch,
            into: Some(into),
            ..
        }) = &check.spec
        {
            if branch == into {
                let problem = PackProblem::new(
                    file,
                    format!(
                        "check `{}` (git.merged): `into` names `{into}`, the branch itself, so the check always passes; name the branch it must be merged into",
                        check.id
                    ),
                );
                out.push(match check_field_offset(text, index, "into") {
                    Some(at) => problem.at_offset(text, at),
                    None => problem,
                });
            }
        }
    }
    out
}

/// Checks that name a Docker object by a name Docker cannot have (`/web`,
/// `a b`, `x/../y`): the daemon would answer with an error that says
/// nothing to the learner, and the hint would suggest a command Docker
/// refuses.
pub(crate) fn docker_names(file: &str, text: &str, checks: &[Check]) -> Vec<PackProblem> {
    let mut out = Vec::new();
    for (index, check) in checks.iter().enumerate() {
        let (kind, name) = match super::objects::object(&check.spec) {
            Some(Object::Container(n)) => ("container", n),
            Some(Object::Image(n)) => ("image", n),
            Some(Object::Volume(n)) => ("volume", n),
            Some(Object::Network(n)) => ("network", n),
            _ => continue,
        };
        let Some(why) = super::resource_names::check_name_refusal(kind, &name) else {
            continue;
        };
        let problem = PackProblem::new(file, format!("check `{}`: {why}", check.id));
        let at =
            check_field_offset(text, index, kind).or_else(|| check_field_offset(text, index, "id"));
        out.push(match at {
            Some(at) => problem.at_offset(text, at),
            None => problem,
        });
    }
    out
}

/// Byte offset of `key` in the `index`-th `[[check]]` table of `text`.
pub(crate) fn check_field_offset(text: &str, index: usize, key: &str) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let DeValue::Array(checks) = doc.get_ref().get("check")?.get_ref() else {
        return None;
    };
    let DeValue::Table(table) = checks.get(index)?.get_ref() else {
        return None;
    };
    let (found, _) = table.get_key_value(key)?;
    Some(found.span().start)
}
