//! The names in a lab's `[resources]` table: `opslab reset` removes exactly
//! these, so each must be a name Docker accepts for its kind, and never one
//! of Docker's own networks (`bridge`, `host`, `none`) or a word that a
//! command line would read as an option.

use std::sync::LazyLock;

use regex::Regex;
use toml::de::{DeTable, DeValue};

use super::error::PackProblem;

/// Docker's rule for container, volume and network names.
static OBJECT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$").expect("a fixed pattern compiles")
});

/// Docker's rule for image references: an optional registry host, lower
/// case path components, an optional tag.
static IMAGE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let component = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    Regex::new(&format!(
        r"^(?:[a-zA-Z0-9][a-zA-Z0-9.-]*(?::[0-9]+)?/)?{component}(?:/{component})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}})?$"
    ))
    .expect("a fixed pattern compiles")
});

/// Compose's rule for project names (docs.docker.com/compose/how-tos/project-name/).
static COMPOSE_PROJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9_-]*$").expect("a fixed pattern compiles"));

/// Networks every Docker daemon has; reset must never remove them.
const PREDEFINED_NETWORKS: [&str; 3] = ["bridge", "host", "none"];

/// Every unusable name in `[resources]` of `doc` (parsed from `text`), at
/// the line and column of the name.
pub(crate) fn problems(file: &str, text: &str, doc: &DeTable<'_>) -> Vec<PackProblem> {
    let Some(DeValue::Table(resources)) = doc.get("resources").map(|r| r.get_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (kind, list) in resources {
        let DeValue::Array(names) = list.get_ref() else {
            continue;
        };
        for name in names.iter() {
            if let DeValue::String(n) = name.get_ref() {
                if let Some(why) = refusal(kind.get_ref(), n) {
                    out.push(PackProblem::new(file, why).at_offset(text, name.span().start));
                }
            }
        }
    }
    out
}

/// Why `name` cannot be a resource of `kind` (`containers`, `images`,
/// `volumes`, `networks`), or `None` when it can.
fn refusal(kind: &str, name: &str) -> Option<String> {
    let shown = name.escape_debug();
    if kind == "networks" && PREDEFINED_NETWORKS.contains(&name) {
        return Some(format!(
            "`networks` names `{name}`, one of Docker's own networks, which reset must never remove; name the lab's own network instead (or leave it out of [resources])"
        ));
    }
    let fits = match kind {
        // `REPO:*`: every tag of the repository (images a lab tags by
        // commit id or build number cannot be listed one by one).
        "images" => match name.strip_suffix(":*") {
            Some(repo) => IMAGE_NAME.is_match(repo) && !repo.contains(':'),
            None => IMAGE_NAME.is_match(name),
        },
        "containers" | "volumes" | "networks" => OBJECT_NAME.is_match(name),
        "compose_projects" => COMPOSE_PROJECT.is_match(name),
        _ => return None, // an unknown key is reported by the typed parse
    };
    (!fits).then(|| {
        let rule = if kind == "images" {
            "lower-case letters, digits, `.`, `_` and `-` in `/`-separated parts, then an optional `:tag` (or `:*` for every tag of the repository)"
        } else if kind == "compose_projects" {
            "a lower-case letter or digit, then lower-case letters, digits, `_` or `-` (Compose's rule for project names)"
        } else {
            "a letter or digit, then letters, digits, `_`, `.` or `-` (two characters at least)"
        };
        format!("\"{shown}\" in `{kind}` of [resources] is not a name Docker accepts; use {rule}")
    })
}

/// Why a check cannot name `name` as a Docker object of `kind`
/// (`container`, `image`, `volume`, `network`), or `None` when Docker
/// accepts the name. Unlike `[resources]`, a check may look at Docker's own
/// networks, and an image may be named by digest (`name@sha256:...`).
pub(crate) fn check_name_refusal(kind: &str, name: &str) -> Option<String> {
    let fits = match kind {
        "image" => match name.split_once('@') {
            Some((repo, digest)) => {
                IMAGE_NAME.is_match(repo)
                    && digest.strip_prefix("sha256:").is_some_and(|hex| {
                        hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
                    })
            }
            None => IMAGE_NAME.is_match(name),
        },
        _ => OBJECT_NAME.is_match(name),
    };
    let shown = name.escape_debug();
    (!fits).then(|| {
        let rule = if kind == "image" {
            "lower-case letters, digits, `.`, `_` and `-` in `/`-separated parts, then an optional `:tag` or `@sha256:` digest"
        } else {
            "a letter or digit, then letters, digits, `_`, `.` or `-` (two characters at least)"
        };
        format!("\"{shown}\" is not a {kind} name Docker accepts, so the check could never find it; use {rule}")
    })
}

#[cfg(test)]
mod tests {
    use super::refusal;

    #[test]
    fn docker_name_rules_and_predefined_networks() {
        for ok in ["web", "lab-1_db.x"] {
            assert!(refusal("containers", ok).is_none(), "{ok}");
        }
        for bad in ["", "a b", "--all", "-x", "w", "a/b"] {
            assert!(refusal("containers", bad).is_some(), "{bad:?}");
        }
        for net in ["bridge", "host", "none"] {
            assert!(refusal("networks", net).is_some(), "{net}");
        }
        for ok in [
            "web",
            "opslab/web:1.0",
            "localhost:5000/a/b_c:v-1",
            "reg/app:*",
        ] {
            assert!(refusal("images", ok).is_none(), "{ok}");
        }
        for bad in ["UPPER/Case", "--all", "a:", "", "a:1:*", "*"] {
            assert!(refusal("images", bad).is_some(), "{bad:?}");
        }
    }
}
