#!/bin/sh
# The stack runs version 1; the file was then changed to version 2 and
# committed, but nobody ran `up -d` again.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
sed -i 's/stack.version: "2"/stack.version: "1"/' docker-compose.yml
$dc -p stack up -d
git checkout -q docker-compose.yml
