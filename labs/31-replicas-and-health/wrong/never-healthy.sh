#!/bin/sh
# Mistake: the healthcheck asks port 80, where nothing listens: the replicas
# run but never turn healthy (an ECS service would keep replacing them).
set -e
if command -v docker-compose >/dev/null 2>&1; then dc="docker-compose --compatibility"; else dc="docker compose"; fi
sed -i 's#http://127.0.0.1:8080/health#http://127.0.0.1:80/health#' docker-compose.yml
git commit -qam "fix: healthcheck"
$dc -p rep up -d >/dev/null 2>&1
