#!/bin/sh
# Reference solution: commit the decision and the Compose file, then run the
# service with 3 replicas. Compose 1.29 honours deploy.replicas only with
# --compatibility (Compose v2 always does).
set -e
if command -v docker-compose >/dev/null 2>&1; then
  dc="docker-compose --compatibility"
else
  dc="docker compose"
fi
git add decisions/0001-platform.yaml docker-compose.yml
git commit -qm "feat: run orders-api as a service of 3 healthy replicas (ECS stand-in)"
$dc -p rep up -d --build >/dev/null 2>&1
i=0
until [ "$(docker ps -q --filter label=com.docker.compose.project=rep --filter health=healthy | wc -l)" -eq 3 ]; do
  i=$((i + 1)); [ "$i" -lt 30 ] || exit 1; sleep 1
done
