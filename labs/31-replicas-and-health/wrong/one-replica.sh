#!/bin/sh
# Mistake: plain `docker-compose up` (1.29) ignores deploy.replicas: one
# container instead of three.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc="docker-compose"; else dc="docker compose"; fi
$dc -p rep up -d --scale api=1 >/dev/null 2>&1
