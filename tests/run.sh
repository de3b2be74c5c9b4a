#!/usr/bin/env bash
# Runs opslab's whole test suite against a real Docker daemon.
#
# On Debian it first makes sure the daemon is there: it installs docker.io and
# busybox-static when they are missing, starts dockerd in the background when
# no daemon answers, and waits until one does. Extra arguments go to
# `cargo test` (for example: tests/run.sh --test git_checks).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# A static busybox is what the offline images are built from.
static_busybox() {
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s busybox-static >/dev/null 2>&1
  else
    [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'
  fi
}

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
static_busybox || missing+=(busybox-static)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
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

if ! docker info >/dev/null 2>&1; then
  say "no Docker daemon answers; starting dockerd in the background (log: /tmp/opslab-dockerd.log)"
  as_root sh -c 'nohup dockerd >/tmp/opslab-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd did not answer within 60 s; see /tmp/opslab-dockerd.log" >&2
    tail -20 /tmp/opslab-dockerd.log >&2 || true
    exit 2
  fi
fi
say "Docker $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

say "building"
cargo build --all-targets --quiet
say "testing"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite, summed over every test binary.
awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
