#!/bin/sh
# Reference solution: the shared definition and the three parameter files
# are copied in; run staging from them and commit.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
$dc --env-file env/staging.env -p envs-staging up -d
git add docker-compose.yml env
git commit -qm "feat(envs): one definition, parameters for dev, staging and prod"
