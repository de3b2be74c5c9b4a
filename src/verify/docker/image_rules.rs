//! Judging one image's facts against what an `image.*` check wants. Pure
//! functions: the daemon was read before, so these are tested without it.

use super::image_facts::{Health, ImageFacts};
use crate::pack::checks::{exec_form, EnvCheck, EnvWant, ExposedPort};
use crate::pack::types::Bytes;
use crate::verify::Outcome;

/// The outcome for a reference that names no image; `other_tags` are the
/// tags its repository has here (`web:2` when `web:1` is missing), whose
/// fix is `docker tag`, not a new build.
pub fn missing_image(image: &str, other_tags: &[String]) -> Outcome {
    let Some(first) = other_tags.first() else {
        return Outcome::failed_with_hint(
            format!("an image {image}"),
            format!("no image {image} on this machine"),
            format!("build it with `docker build -t {image} .`"),
        );
    };
    Outcome::failed_with_hint(
        format!("an image {image}"),
        format!(
            "no image {image} on this machine (there is {})",
            other_tags.join(", ")
        ),
        format!("if {first} is the image you mean, give it this name too with `docker tag {first} {image}`; otherwise build it with `docker build -t {image} .`"),
    )
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
}

pub fn size(image: &str, facts: &ImageFacts, at_most: Bytes) -> Outcome {
    let Some(size) = facts.size else {
        return Outcome::error(format!("Docker did not report the size of image {image}"));
    };
    if size <= at_most.0 {
        return Outcome::Passed;
    }
    let mut actual = mib(size);
    if actual == mib(at_most.0) {
        actual = format!("{actual} ({size} bytes, {} allowed)", at_most.0);
    }
    Outcome::failed_with_hint(
        format!("image {image} at most {}", mib(at_most.0)),
        actual,
        "start from a smaller base image, or use a multi-stage build that copies only what the app needs",
    )
}

pub fn layers(image: &str, facts: &ImageFacts, at_most: usize) -> Outcome {
    if facts.layers <= at_most {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(
        format!(
            "image {image} with at most {}",
            crate::words::count(at_most, "layer")
        ),
        crate::words::count(facts.layers, "layer"),
        "each RUN, COPY and ADD adds a layer: join RUN steps with `&&`, or use a multi-stage build",
    )
}

/// Whether a `USER` value means root: nothing set, or user `0`/`root`
/// whatever the group.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    matches!(name, "" | "0" | "root")
}

fn user_text(user: &str) -> String {
    if user.is_empty() {
        "root (no USER set)".to_string()
    } else if is_root(user) {
        format!("root (USER {user})")
    } else {
        format!("user {user}")
    }
}

/// `wanted` empty: any user but root; else one of these users (a user
/// without `:group` passes with any group).
pub fn user(image: &str, facts: &ImageFacts, wanted: &[String]) -> Outcome {
    let actual = facts.user.as_str();
    let (ok, expected, hint) = match wanted.first() {
        None => (
            !is_root(actual),
            format!("image {image} running as a user other than root"),
            "add `USER <name or uid>` to the Dockerfile after the steps that need root, and rebuild"
                .to_string(),
        ),
        Some(first) => (
            wanted.iter().any(|w| user_is(actual, w)),
            format!("image {image} running as user {}", wanted.join(" or ")),
            format!("set `USER {first}` in the Dockerfile and rebuild"),
        ),
    };
    if ok {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(expected, user_text(actual), hint)
}

/// Whether `actual` (`name[:group]`) is `wanted`; without a group in
/// `wanted`, any group passes.
fn user_is(actual: &str, wanted: &str) -> bool {
    match wanted.contains(':') {
        true => actual == wanted,
        false => actual.split(':').next() == Some(wanted),
    }
}

pub fn healthcheck(image: &str, facts: &ImageFacts) -> Outcome {
    let actual = match &facts.health {
        Health::Defined(_) => return Outcome::Passed,
        Health::NotSet => "no HEALTHCHECK",
        Health::Disabled => "HEALTHCHECK NONE (switched off)",
    };
    Outcome::failed_with_hint(
        format!("image {image} with a HEALTHCHECK"),
        actual,
        healthcheck_hint(facts),
    )
}

/// A HEALTHCHECK line that fits the image: it probes the port the image
/// exposes when it exposes exactly one TCP port, and names none otherwise.
fn healthcheck_hint(facts: &ImageFacts) -> String {
    let tcp: Vec<&str> = facts
        .exposed
        .iter()
        .filter_map(|p| {
            p.strip_suffix("/tcp")
                .or((!p.contains('/')).then_some(p.as_str()))
        })
        .collect();
    match tcp.as_slice() {
        [port] => format!(
            "add a line such as `HEALTHCHECK CMD wget -q -O /dev/null http://127.0.0.1:{port}/ || exit 1` to the Dockerfile (it probes the port the image exposes) and rebuild"
        ),
        _ => "add a `HEALTHCHECK CMD ...` line to the Dockerfile whose command succeeds only when the app answers (for a web server, a `wget` of its own address and port), and rebuild".into(),
    }
}

pub fn exposes(image: &str, facts: &ImageFacts, port: &ExposedPort) -> Outcome {
    let want = port.to_string();
    if facts.exposed.iter().any(|p| p.eq_ignore_ascii_case(&want)) {
        return Outcome::Passed;
    }
    let mut exposed = facts.exposed.clone();
    exposed.sort();
    let actual = if exposed.is_empty() {
        "no exposed ports".to_string()
    } else {
        format!("exposes {}", exposed.join(", "))
    };
    let line = if port.protocol == "tcp" {
        port.number.to_string()
    } else {
        want.clone()
    };
    Outcome::failed_with_hint(
        format!("image {image} exposing {want}"),
        actual,
        format!("add `EXPOSE {line}` to the Dockerfile and rebuild"),
    )
}

pub fn label(image: &str, facts: &ImageFacts, name: &str, want: Option<&str>) -> Outcome {
    let found = facts.labels.get(name).map(String::as_str);
    let expected = match want {
        Some(v) => format!("label {name}={v:?}"),
        None => format!("label {name}"),
    };
    let actual = match (found, want) {
        (Some(_), None) => return Outcome::Passed,
        (Some(f), Some(w)) if f == w => return Outcome::Passed,
        (Some(f), Some(_)) => format!("label {name}={f:?}"),
        (None, _) if facts.labels.is_empty() => {
            format!("no label {name} (the image has no labels)")
        }
        (None, _) => format!(
            "no label {name} (labels: {})",
            facts.labels.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    };
    let line = format!("LABEL {name}={:?}", want.unwrap_or("..."));
    Outcome::failed_with_hint(
        format!("image {image} with {expected}"),
        actual,
        format!("add `{line}` to the Dockerfile and rebuild"),
    )
}

/// `image.label` with `set = false`: the image must not carry the label.
pub fn no_label(image: &str, facts: &ImageFacts, name: &str) -> Outcome {
    match facts.labels.get(name) {
        None => Outcome::Passed,
        Some(found) => Outcome::failed_with_hint(
            format!("image {image} without label {name}"),
            format!("label {name}={found:?}"),
            format!("remove `LABEL {name}=...` from the Dockerfile (a base image's label stays unless you set it again, e.g. to an empty value, which still counts as set) and rebuild with `docker build -t {image} .`"),
        ),
    }
}

pub fn env(check: &EnvCheck, facts: &ImageFacts) -> Outcome {
    let name = &check.name;
    let found = facts.env_var(name);
    if let EnvWant::Unset = check.want {
        return match found {
            None => Outcome::Passed,
            Some(f) => Outcome::failed_with_hint(
                format!("image {} without {name}", check.image),
                format!("{name}={f}"),
                format!("remove `ENV {name}=...` (and any `ARG`-driven `ENV` setting it) from the Dockerfile, then rebuild with `docker build -t {} .`", check.image),
            ),
        };
    }
    let (ok, expected) = match &check.want {
        EnvWant::Set => (found.is_some(), format!("{name} set")),
        EnvWant::Value(v) => (found == Some(v.as_str()), format!("{name}={v}")),
        EnvWant::Matching(p) => (
            found.is_some_and(|f| p.is_match(f)),
            format!("{name} matching {p}"),
        ),
        EnvWant::Unset => (found.is_none(), format!("{name} not set")),
    };
    if ok {
        return Outcome::Passed;
    }
    let actual = match found {
        Some(f) => format!("{name}={f}"),
        None => format!("{name} not set"),
    };
    let value = match &check.want {
        EnvWant::Value(v) => v.as_str(),
        _ => "...",
    };
    Outcome::failed_with_hint(
        format!("image {} with {expected}", check.image),
        actual,
        format!("set it with `ENV {name}={value}` in the Dockerfile and rebuild"),
    )
}

/// `image.entrypoint` and `image.cmd`: `instruction` is `ENTRYPOINT` or `CMD`.
pub fn command(instruction: &str, image: &str, actual: &[String], want: &[String]) -> Outcome {
    if actual == want {
        return Outcome::Passed;
    }
    let shown = if actual.is_empty() {
        format!("no {instruction}")
    } else {
        format!("{instruction} {}", exec_form(actual))
    };
    let shell_form = actual.len() == 3
        && actual[0] == "/bin/sh"
        && actual[1] == "-c"
        && want.first().map(String::as_str) != Some("/bin/sh");
    let hint = if shell_form {
        format!("`{instruction} {}` (shell form) runs through /bin/sh -c; write the exec form `{instruction} {}`", actual[2], exec_form(want))
    } else {
        format!(
            "write `{instruction} {}` in the Dockerfile and rebuild",
            exec_form(want)
        )
    };
    Outcome::failed_with_hint(
        format!("image {image} with {instruction} {}", exec_form(want)),
        shown,
        hint,
    )
}

pub fn same(image: &str, first: &ImageFacts, other: &str, second: &ImageFacts) -> Outcome {
    if !first.id.is_empty() && first.id == second.id {
        return Outcome::Passed;
    }
    Outcome::failed_with_hint(
        format!("{image} and {other} to be the same image"),
        format!(
            "{image} is {}, {other} is {}",
            first.short_id(),
            second.short_id()
        ),
        format!("point the tag at the image with `docker tag {image} {other}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        for root in ["", "0", "root", "0:0", "root:root", "root:1000"] {
            assert!(is_root(root), "{root:?} is root");
        }
        for user in ["app", "1000", "1000:0", "nobody:nogroup"] {
            assert!(!is_root(user), "{user:?} is not root");
        }
    }

    #[test]
    fn shell_form_gets_a_hint_about_exec_form() {
        let actual: Vec<String> = ["/bin/sh", "-c", "httpd -f"].map(String::from).into();
        let want: Vec<String> = ["httpd", "-f"].map(String::from).into();
        match command("CMD", "web", &actual, &want) {
            Outcome::Failed { hint: Some(h), .. } => assert!(h.contains("exec form"), "{h}"),
            other => panic!("{other:?}"),
        }
    }
}
