#!/bin/sh
# The staging project was started with dev's parameter file.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
$dc --env-file env/dev.env -p envs-staging up -d
