//! Container configuration: environment, labels, user, restart policy,
//! resource limits, security flags and logging driver.

use std::collections::BTreeMap;

use super::container_facts::ContainerFacts;
use crate::pack::checks::{Limits, RestartWant, Setting};
use crate::pack::types::{Bytes, Pattern};
use crate::verify::Outcome;

/// What a setting (an environment variable, a label) must hold: an exact
/// value or one of several (`values`, empty for any), and a pattern; or
/// nothing at all (`set` false).
pub(super) struct SettingWant<'a> {
    pub values: Vec<&'a String>,
    pub pattern: Option<&'a Pattern>,
    pub set: bool,
}

impl<'a> From<&'a Setting> for SettingWant<'a> {
    fn from(s: &'a Setting) -> Self {
        SettingWant {
            values: s.value.iter().chain(&s.one_of).collect(),
            pattern: s.pattern.as_ref(),
            set: s.set,
        }
    }
}

impl SettingWant<'_> {
    /// Whether the value found (`None`: not set) passes.
    fn passes(&self, found: Option<&String>) -> bool {
        match found {
            None => !self.set,
            Some(v) => self.set && self.admits(v),
        }
    }

    fn admits(&self, found: &str) -> bool {
        (self.values.is_empty() || self.values.iter().any(|v| *v == found))
            && self.pattern.is_none_or(|p| p.is_match(found))
    }

    /// `set`, `set to `a` or `b``, `matching /x/`...
    fn words(&self) -> String {
        if !self.set {
            return "not set".into();
        }
        let mut parts = Vec::new();
        if !self.values.is_empty() {
            let quoted: Vec<String> = self.values.iter().map(|v| format!("`{v}`")).collect();
            parts.push(format!("set to {}", quoted.join(" or ")));
        }
        if let Some(p) = self.pattern {
            parts.push(format!("matching {p}"));
        }
        match parts.is_empty() {
            true => "set".into(),
            false => parts.join(" and "),
        }
    }
}

pub(super) fn env(c: &ContainerFacts, name: &str, want: &SettingWant) -> Outcome {
    let found = c.env.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
    let ok = want.passes(found);
    let thing = format!("environment variable `{name}`");
    expect_setting(ok, &thing, want.words(), found, || {
        match want.set {
        true => format!(
            "The environment is fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} -e {name}=... ...`.",
            c.name
        ),
        false => format!(
            "The environment is fixed when a container is created: remove it (`docker rm -f {0}`) and run it again without `-e {name}` or an `--env-file` setting it; if the image sets it (`ENV {name}` in its Dockerfile), remove that line and rebuild.",
            c.name
        ),
    }
    })
}

pub(super) fn label(c: &ContainerFacts, name: &str, want: &SettingWant) -> Outcome {
    let found = c.labels.get(name);
    let ok = want.passes(found);
    let thing = format!("label `{name}`");
    expect_setting(ok, &thing, want.words(), found, || {
        match want.set {
        true => format!(
            "Labels are fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} --label {name}=... ...`.",
            c.name
        ),
        false => format!(
            "Labels are fixed when a container is created: remove it (`docker rm -f {0}`) and run it again without `--label {name}`; if the image sets it (`LABEL {name}` in its Dockerfile), remove that line and rebuild.",
            c.name
        ),
    }
    })
}

fn expect_setting(
    ok: bool,
    thing: &str,
    wanted: String,
    found: Option<&String>,
    hint: impl FnOnce() -> String,
) -> Outcome {
    if ok {
        return Outcome::Passed;
    }
    let actual = match found {
        Some(v) if v.is_empty() => format!("{thing} set to an empty value"),
        Some(v) => format!("{thing} set to `{v}`"),
        None => format!("{thing} not set"),
    };
    Outcome::failed_with_hint(format!("{thing} {wanted}"), actual, hint())
}

pub(super) fn restart_policy(c: &ContainerFacts, want: &RestartWant) -> Outcome {
    let name = match c.restart_policy.as_str() {
        "" => "no",
        other => other,
    };
    let max = want.max_retries;
    let ok = want.policies.iter().any(|p| p.to_string() == name)
        && max.is_none_or(|m| i64::from(m) == c.restart_max_retries);
    let retries = |n: i64| match n {
        1 => " with at most 1 retry".to_string(),
        n => format!(" with at most {n} retries"),
    };
    let expected = format!(
        "restart policy {}{}",
        want.policies_text(),
        max.map(|m| retries(m.into())).unwrap_or_default()
    );
    let actual_retries = if name == "on-failure" && c.restart_max_retries > 0 {
        retries(c.restart_max_retries)
    } else {
        String::new()
    };
    let first = want.policies[0];
    let flag = match max {
        Some(m) => format!("{first}:{m}"),
        None => first.to_string(),
    };
    expect_or_hint(
        ok,
        expected,
        format!("restart policy `{name}`{actual_retries}"),
        format!(
            "Change it with `docker update --restart {flag} {}`.",
            c.name
        ),
    )
}

pub(super) fn limits(c: &ContainerFacts, limits: &Limits) -> Outcome {
    let memory_ok = limits
        .memory_at_most
        .is_none_or(|max| c.memory > 0 && c.memory as u64 <= max.0);
    let cpus_ok = limits
        .cpus_at_most
        .is_none_or(|max| c.cpus.is_some_and(|n| n <= max + 1e-9));
    let mut actual = Vec::new();
    let mut flags = Vec::new();
    if let Some(max) = limits.memory_at_most {
        actual.push(match c.memory {
            0 => "no memory limit".to_string(),
            m => format!("a memory limit of {}", Bytes(m as u64)),
        });
        flags.push(format!("--memory {}", max.0));
    }
    if let Some(max) = limits.cpus_at_most {
        actual.push(match c.cpus {
            None => "no CPU limit".to_string(),
            Some(n) => format!("a CPU limit of {}", Limits::cpus_text(n)),
        });
        flags.push(format!("--cpus {max}"));
    }
    expect_or_hint(
        memory_ok && cpus_ok,
        limits.describe_limits(),
        actual.join(" and "),
        format!(
            "Set them with `docker update {} {}`.",
            flags.join(" "),
            c.name
        ),
    )
}

/// Whether `user` (as `docker run --user` takes it) means root.
fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    matches!(name, "" | "0" | "root")
}

/// Whether the container's `actual` user (`name[:group]`) is `wanted`: a
/// wanted user without a group passes with any group.
fn user_is(actual: &str, wanted: &str) -> bool {
    match wanted.contains(':') {
        true => actual == wanted,
        false => actual.split(':').next() == Some(wanted),
    }
}

pub(super) fn user(c: &ContainerFacts, wanted: &[String]) -> Outcome {
    let actual = match c.user.as_str() {
        "" => "root (no user set)".to_string(),
        u => format!("user `{u}`"),
    };
    if wanted.is_empty() {
        return expect_or_hint(
            !is_root(&c.user),
            "a non-root user",
            actual,
            format!(
                "The user is fixed when a container is created: set a non-root `USER` in the image's Dockerfile and rebuild, or remove it and run it again with `--user` and a user the image has (`docker rm -f {0} && docker run -d --name {0} --user NAME ...`).",
                c.name
            ),
        );
    }
    let quoted: Vec<String> = wanted.iter().map(|u| format!("`{u}`")).collect();
    let u = &wanted[0];
    expect_or_hint(
        wanted.iter().any(|w| user_is(&c.user, w)),
        format!("user {}", quoted.join(" or ")),
        actual,
        format!(
            "The user is fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} --user {u} ...`, or set `USER {u}` in the Dockerfile.",
            c.name
        ),
    )
}

pub(super) fn read_only(c: &ContainerFacts) -> Outcome {
    expect_or_hint(
        c.read_only_rootfs,
        "a read-only root filesystem",
        "a writable root filesystem",
        format!(
            "This is fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} --read-only ...` (add `--tmpfs /tmp` if it needs scratch space).",
            c.name
        ),
    )
}

pub(super) fn not_privileged(c: &ContainerFacts) -> Outcome {
    expect_or_hint(
        !c.privileged,
        "not privileged",
        "privileged (started with --privileged)",
        format!(
            "This is fixed when a container is created: remove it (`docker rm -f {}`) and run it again without `--privileged`; grant only the capabilities it needs with `--cap-add`.",
            c.name
        ),
    )
}

pub(super) fn log_driver(
    c: &ContainerFacts,
    driver: &str,
    options: &BTreeMap<String, String>,
) -> Outcome {
    let ok = c.log_driver == driver && options.iter().all(|(k, v)| c.log_options.get(k) == Some(v));
    let opts: Vec<String> = options
        .iter()
        .map(|(k, v)| format!("--log-opt {k}={v}"))
        .collect();
    expect_or_hint(
        ok,
        driver_text(driver, options, ""),
        driver_text(&c.log_driver, &c.log_options, " with no options"),
        format!(
            "Logging is fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} --log-driver {driver} {1}...`.",
            c.name,
            opts.iter().map(|o| format!("{o} ")).collect::<String>()
        ),
    )
}

fn driver_text(driver: &str, options: &BTreeMap<String, String>, none: &str) -> String {
    if options.is_empty() {
        return format!("log driver `{driver}`{none}");
    }
    let pairs: Vec<String> = options.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("log driver `{driver}` with {}", pairs.join(", "))
}

fn expect_or_hint(
    ok: bool,
    expected: impl Into<String>,
    actual: impl Into<String>,
    hint: String,
) -> Outcome {
    if ok {
        Outcome::Passed
    } else {
        Outcome::failed_with_hint(expected, actual, hint)
    }
}

#[cfg(test)]
mod tests {
    use super::{is_root, user_is};

    #[test]
    fn a_user_without_a_group_passes_with_any_group() {
        assert!(user_is("app", "app"));
        assert!(user_is("app:staff", "app"));
        assert!(user_is("1000:1000", "1000"));
        assert!(!user_is("app:staff", "app:app"));
        assert!(!user_is("application", "app"));
        assert!(!user_is("", "app"));
    }

    #[test]
    fn root_in_all_its_spellings() {
        for u in ["", "0", "root", "0:0", "root:root", "0:1000"] {
            assert!(is_root(u), "{u:?} is root");
        }
        for u in ["1000", "1000:1000", "app", "nobody:nogroup"] {
            assert!(!is_root(u), "{u:?} is not root");
        }
    }
}
