#!/bin/sh
# Mistake: api's healthcheck fetches port 80, where nothing listens: api
# never turns healthy.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc="docker-compose"; else dc="docker compose"; fi
sed -i 's#http://127.0.0.1:8080/orders.json#http://127.0.0.1:80/orders.json#' docker-compose.yml
$dc -p capp up -d --no-deps api >/dev/null 2>&1
