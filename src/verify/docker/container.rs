//! Evaluating container checks: look the container up (once a run, through
//! the memo, unless the check waits and needs fresh state), then judge it.

use super::container_config::SettingWant;
use super::container_evidence;
use super::container_facts::ContainerFacts;
use super::container_wiring::WantedMount;
use super::{container_config as config, container_exec, container_logs, container_state as state};
use super::{container_wiring as wiring, DockerProbe};
use crate::pack::checks::ContainerCheck;
use crate::verify::{Context, Outcome};

pub async fn evaluate_container(check: &ContainerCheck, ctx: &Context) -> Outcome {
    attempt_container(check, ctx).await.0
}

/// The outcome, and whether looking again later could change it: a health
/// status still `starting`, or logs of a running container. A missing
/// container will not appear by waiting, so its failure is final.
pub(crate) async fn attempt_container(check: &ContainerCheck, ctx: &Context) -> (Outcome, bool) {
    let docker = match ctx.docker() {
        Ok(d) => d,
        Err(o) => return (o, false),
    };
    let name = check.container();
    let lookup = if check.waits() {
        docker.container(name).await
    } else {
        ctx.memo.container(docker, name).await
    };
    match lookup {
        Ok(Some(facts)) => {
            container_evidence::record(check, &facts);
            let may_change = match check {
                ContainerCheck::Health { .. } => {
                    facts.running && facts.health.as_deref() == Some("starting")
                }
                ContainerCheck::Logs { .. } | ContainerCheck::LogsJson { .. } => facts.running,
                _ => false,
            };
            (judge(check, &facts, docker, ctx).await, may_change)
        }
        Ok(None) => {
            container_evidence::saw_missing(name);
            (missing(name), false)
        }
        Err(e) => (Outcome::error(e.to_string()), false),
    }
}

async fn judge(
    check: &ContainerCheck,
    c: &ContainerFacts,
    docker: &DockerProbe,
    ctx: &Context,
) -> Outcome {
    use ContainerCheck::*;
    match check {
        Exists { .. } => Outcome::Passed,
        Running { .. } => state::running(c),
        ExitCode { code, .. } => state::exit_code(c, *code),
        Image { image, .. } => state::image(c, image, docker).await,
        Health { status, .. } => state::health(c, *status),
        Port {
            port,
            host_ip,
            host_port,
            ..
        } => wiring::port(c, port, host_ip.as_deref(), *host_port),
        Mount(m) => wiring::mount(c, &WantedMount::resolve(&m.mount, &ctx.workspace).await),
        Mounts { exactly, .. } => {
            let mut wanted = Vec::new();
            for spec in exactly {
                wanted.push(WantedMount::resolve(spec, &ctx.workspace).await);
            }
            wiring::mounts_exactly(c, &wanted)
        }
        Network {
            network, aliases, ..
        } => wiring::network(c, network, aliases),
        Env(s) => config::env(c, &s.name, &SettingWant::from(s)),
        Label(s) => config::label(c, &s.name, &SettingWant::from(s)),
        RestartPolicy(want) => config::restart_policy(c, want),
        Limits(limits) => config::limits(c, limits),
        User { .. } => config::user(c, &check.wanted_users()),
        ReadOnly { .. } => config::read_only(c),
        NotPrivileged { .. } => config::not_privileged(c),
        LogDriver {
            driver, options, ..
        } => config::log_driver(c, driver, options),
        Logs {
            pattern, at_least, ..
        } => container_logs::logs(c, pattern, *at_least, docker).await,
        LogsJson {
            fields,
            at_least_lines,
            ..
        } => container_logs::logs_json(c, fields, *at_least_lines, docker).await,
        Exec {
            command,
            exit_code,
            output,
            ..
        } => container_exec::exec(c, command, *exit_code, output.as_ref(), docker).await,
    }
}

/// There is no container of that name: the learner's state, not a bug.
pub(super) fn missing(name: &str) -> Outcome {
    Outcome::failed_with_hint(
        format!("a container named `{name}`"),
        format!("no container named `{name}`"),
        "Run `docker ps -a` to see your containers and their names; create it with `docker run --name ...`.",
    )
}

/// The container must be running for this check, and is not.
pub(super) fn not_running(c: &ContainerFacts, wanted: &str) -> Outcome {
    Outcome::failed_with_hint(
        format!("container `{}` running, {wanted}", c.name),
        format!("container `{}` is {}", c.name, state::status_text(c)),
        format!("Start it with `docker start {}`.", c.name),
    )
}

/// `text` cut to at most `max` characters, with `…` when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `` `a`, `b` `` or `none`.
pub(super) fn quoted_list<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|i| format!("`{i}`")).collect();
    if quoted.is_empty() {
        "none".into()
    } else {
        quoted.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("héllo wörld", 5), "héllo…");
        assert_eq!(shorten("  short ", 10), "short");
    }
}
