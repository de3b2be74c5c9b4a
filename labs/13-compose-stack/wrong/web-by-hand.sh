#!/bin/sh
# web is removed from the project and started by hand: it serves the page,
# but Compose no longer manages it (up, down and ps do not see it).
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
$dc -p stack rm -sf web
docker run -d --name stack-web-manual --init -p 127.0.0.1:18101:8080 \
  -v "$PWD/site:/www:ro" opslab/base:1 httpd -f -p 8080 -h /www >/dev/null
