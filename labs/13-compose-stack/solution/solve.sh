#!/bin/sh
# Reference solution: the finished docker-compose.yml is copied in; bring
# the project up from it and commit the file.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
$dc -p stack up -d
git add docker-compose.yml
git commit -qm "feat(stack): worker service, web on localhost, version 2"
