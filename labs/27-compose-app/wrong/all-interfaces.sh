#!/bin/sh
# Mistake: the port written without an address is published on 0.0.0.0.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc="docker-compose"; else dc="docker compose"; fi
sed -i 's/"127.0.0.1:18310:8080"/"18310:8080"/' docker-compose.yml
$dc -p capp up -d >/dev/null 2>&1
