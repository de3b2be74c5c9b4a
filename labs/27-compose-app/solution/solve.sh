#!/bin/sh
# Reference solution: commit the finished docker-compose.yml, then bring the
# project up; Compose starts web once api is healthy.
set -e
if command -v docker-compose >/dev/null 2>&1; then
  dc="docker-compose"
else
  dc="docker compose"
fi
git add docker-compose.yml
git commit -qm "feat: run web and api as one Compose project with healthchecks"
$dc -p capp up -d --build >/dev/null 2>&1
# Wait until both report healthy.
i=0
until [ "$(docker ps -q --filter label=com.docker.compose.project=capp --filter health=healthy | wc -l)" -eq 2 ]; do
  i=$((i + 1)); [ "$i" -lt 30 ] || exit 1; sleep 1
done
