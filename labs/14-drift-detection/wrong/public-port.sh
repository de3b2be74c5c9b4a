#!/bin/sh
# Re-created from a copy of the file whose port has no address: every
# interface. The committed file is left as it was.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
sed -i 's/"127.0.0.1:18111:8080"/"18111:8080"/' docker-compose.yml
docker rm -f drift-web >/dev/null
$dc -p drift up -d
git checkout -q docker-compose.yml
