#!/usr/bin/env bash
# Runs opslab's whole test suite against a real Docker daemon.
#
# Run it as yourself: `bash tests/run.sh`. It asks for root (through sudo)
# only for what needs it: on Debian, installing docker.io, docker-compose,
# busybox-static and tmux when they are missing, and starting dockerd in
# the background when no daemon answers. cargo runs as you, so target/ stays
# yours. It also works as root (CI runs it so). After `cargo test` it proves
# the built-in labs with `opslab pack test labs` (the debug binary cargo
# test built) and counts that in the closing line. Extra arguments go to
# `cargo test` (for example: bash tests/run.sh --test git_checks) and skip
# the pack test.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
usage: bash tests/run.sh [CARGO TEST ARGUMENTS...]

Runs opslab's test suite against a real Docker daemon. Before the tests it
installs docker.io, docker-compose, busybox-static and tmux with apt when
they are missing, and starts dockerd in the background when no daemon
answers (these steps use sudo when you are not root; nothing else does).
After `cargo test` it runs `opslab pack test labs`, which proves every
built-in lab (starter fails, solution passes, wrong answers caught, nothing
left behind), and prints its table and time. Arguments go to `cargo test`
and skip the pack test, e.g. `bash tests/run.sh --test git_checks`.
USAGE
    exit 0
    ;;
esac

say() { printf '==> %s\n' "$*"; }
fail() { printf 'tests/run.sh: %s\n' "$*" >&2; exit 2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "this step needs root and sudo is not installed: $*"
  fi
}

if ! command -v cargo >/dev/null 2>&1; then
  if [ -n "${SUDO_USER:-}" ]; then
    fail "cargo is not on root's PATH. Run the script as yourself, without sudo: bash tests/run.sh (it asks for sudo only where it needs root)."
  fi
  fail "cargo is not on the PATH; install Rust (https://rustup.rs) and run again."
fi
if [ "$(id -u)" = 0 ] && [ -n "${SUDO_USER:-}" ]; then
  say "running as root through sudo: target/ will belong to root. Next time run it as yourself: bash tests/run.sh"
fi

# A static busybox is what the offline images are built from.
static_busybox() {
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s busybox-static >/dev/null 2>&1
  else
    [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'
  fi
}

missing=()
# docker.io holds both the daemon and the docker CLI the script talks to it with.
{ command -v dockerd && command -v docker; } >/dev/null 2>&1 || missing+=(docker.io)
static_busybox || missing+=(busybox-static)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
# The labs that run stacks use Compose: the v2 plugin or the classic one.
{ command -v docker-compose || docker compose version; } >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]}. Install them with your package manager and run again." >&2
    exit 2
  fi
fi

# ok: a daemon answers; denied: one runs but this user may not use its
# socket; down: none answers.
docker_state() {
  local err
  if err=$(docker info 2>&1 >/dev/null); then
    echo ok
  elif grep -qi 'permission denied' <<<"$err"; then
    echo denied
  else
    echo down
  fi
}

state=$(docker_state)
if [ "$state" = down ]; then
  say "no Docker daemon answers; starting dockerd in the background (log: /tmp/opslab-dockerd.log)"
  as_root sh -c 'nohup dockerd >/tmp/opslab-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    state=$(docker_state)
    [ "$state" != down ] && break
    sleep 1
  done
  if [ "$state" = down ]; then
    echo "dockerd did not answer within 60 s; see /tmp/opslab-dockerd.log" >&2
    as_root tail -20 /tmp/opslab-dockerd.log >&2 || true
    exit 2
  fi
fi
if [ "$state" = denied ]; then
  fail "Docker runs, but $(id -un) may not use its socket, and the tests talk to Docker as you. Add yourself to the docker group: sudo usermod -aG docker $(id -un), then log in again (or run: newgrp docker) and run bash tests/run.sh again."
fi
say "Docker $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

say "building"
cargo build --all-targets --quiet
say "testing"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --no-fail-fast "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# The built-in labs, proved by the binary cargo test just built.
pack_status=skipped
if [ $# -eq 0 ]; then
  opslab="${CARGO_TARGET_DIR:-target}/debug/opslab"
  if ! docker image inspect opslab/base:1 >/dev/null 2>&1; then
    say "building the base image the labs use (opslab setup)"
    "$opslab" setup >/dev/null
  fi
  # Six labs side by side: 3.5 times as fast as one at a time on two cores
  # (docs/benchmarks.md, "pack test of the built-in pack").
  say "proving the built-in labs: opslab pack test labs --jobs 6"
  started=$SECONDS
  set +e
  "$opslab" pack test labs --jobs 6
  pack_code=$?
  set -e
  say "pack test took $((SECONDS - started)) s"
  if [ "$pack_code" = 0 ]; then pack_status=passed; else pack_status=failed; fi
else
  say "pack test skipped: arguments were given to cargo test"
fi
# One closing line for the whole suite, summed over every test binary, with
# the pack test counted as one more test.
awk -v pack="$pack_status" '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { if (pack == "passed") p++; if (pack == "failed") f++
           printf "tests: %d passed, %d failed (pack test of labs/: %s)\n", p, f, pack }' "$log"
if [ "$status" = 0 ] && [ "$pack_status" = failed ]; then
  status=1
fi
exit "$status"
