#!/bin/sh
# Mistake: api gets a network of its own, so web (on the project's default
# network) cannot resolve the name `api`.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc="docker-compose"; else dc="docker compose"; fi
cat >> docker-compose.yml <<'YAML'
    networks:
      - isolated

networks:
  isolated:
YAML
$dc -p capp up -d >/dev/null 2>&1
