#!/bin/sh
# Reference solution: green beside blue, tested by its own name, then the
# alias `app` moves from blue to green; blue keeps running for rollback.
set -e
docker rm -f bg-green >/dev/null 2>&1 || true
docker run -d --name bg-green --network bg-net opslab/bg-app:2 >/dev/null
# Smoke-test green directly before any client sees it.
i=0
until docker run --rm --network bg-net opslab/base:1 wget -q -O /dev/null http://bg-green:8080/ 2>/dev/null; do
  i=$((i + 1)); [ "$i" -lt 10 ] || exit 1; sleep 1
done
# Switch: green takes the alias, then blue gives it up (stays on bg-net).
docker network disconnect bg-net bg-green
docker network connect --alias app bg-net bg-green
docker network disconnect bg-net bg-blue
docker network connect bg-net bg-blue
