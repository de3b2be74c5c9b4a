//! Container configuration: environment, labels, user, restart policy,
//! resource limits, security flags and logging driver.

use std::collections::BTreeMap;

use super::container_facts::ContainerFacts;
use crate::pack::checks::{Limits, Restart};
use crate::pack::types::{Bytes, Pattern};
use crate::verify::Outcome;

pub(super) fn env(
    c: &ContainerFacts,
    name: &str,
    value: &Option<String>,
    pattern: &Option<Pattern>,
) -> Outcome {
    let found = c.env.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
    let ok = found.is_some_and(|v| {
        value.as_ref().is_none_or(|want| want == v)
            && pattern.as_ref().is_none_or(|p| p.is_match(v))
    });
    let thing = format!("environment variable `{name}`");
    expect_setting(ok, &thing, setting_wanted(value, pattern), found, || {
        format!(
            "The environment is fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} -e {name}=... ...`.",
            c.name
        )
    })
}

pub(super) fn label(c: &ContainerFacts, name: &str, value: &Option<String>) -> Outcome {
    let found = c.labels.get(name);
    let ok = found.is_some_and(|v| value.as_ref().is_none_or(|want| want == v));
    let thing = format!("label `{name}`");
    expect_setting(ok, &thing, setting_wanted(value, &None), found, || {
        format!(
            "Labels are fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} --label {name}=... ...`.",
            c.name
        )
    })
}

fn setting_wanted(value: &Option<String>, pattern: &Option<Pattern>) -> String {
    match (value, pattern) {
        (Some(v), Some(p)) => format!("set to `{v}` and matching {p}"),
        (Some(v), None) => format!("set to `{v}`"),
        (None, Some(p)) => format!("matching {p}"),
        (None, None) => "set".into(),
    }
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
        Some(v) => format!("{thing} set to `{v}`"),
        None => format!("{thing} not set"),
    };
    Outcome::failed_with_hint(format!("{thing} {wanted}"), actual, hint())
}

pub(super) fn restart_policy(c: &ContainerFacts, policy: Restart, max: Option<u32>) -> Outcome {
    let name = match c.restart_policy.as_str() {
        "" => "no",
        other => other,
    };
    let ok =
        name == policy.to_string() && max.is_none_or(|m| i64::from(m) == c.restart_max_retries);
    let retries = |n: i64| match n {
        1 => " with at most 1 retry".to_string(),
        n => format!(" with at most {n} retries"),
    };
    let expected = format!(
        "restart policy `{policy}`{}",
        max.map(|m| retries(m.into())).unwrap_or_default()
    );
    let actual_retries = if name == "on-failure" && c.restart_max_retries > 0 {
        retries(c.restart_max_retries)
    } else {
        String::new()
    };
    let flag = match max {
        Some(m) => format!("{policy}:{m}"),
        None => policy.to_string(),
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

pub(super) fn user(c: &ContainerFacts, want: Option<&str>) -> Outcome {
    let actual = match c.user.as_str() {
        "" => "root (no user set)".to_string(),
        u => format!("user `{u}`"),
    };
    match want {
        None => expect_or_hint(
            !is_root(&c.user),
            "a non-root user",
            actual,
            format!(
                "The user is fixed when a container is created: set a non-root `USER` in the image's Dockerfile and rebuild, or remove it and run it again with `--user` and a user the image has (`docker rm -f {0} && docker run -d --name {0} --user NAME ...`).",
                c.name
            ),
        ),
        Some(u) => expect_or_hint(
            c.user == u,
            format!("user `{u}`"),
            actual,
            format!(
                "The user is fixed when a container is created: remove it and run it again, `docker rm -f {0} && docker run -d --name {0} --user {u} ...`, or set `USER {u}` in the Dockerfile.",
                c.name
            ),
        ),
    }
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
    use super::is_root;

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
