#!/bin/sh
# Reference solution: the report is copied in; replace the hand-changed
# container with one Compose creates from the declaration; commit the report.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
docker rm -f drift-web >/dev/null
$dc -p drift up -d
git add drift-report.yaml
git commit -qm "docs(drift): report on drift-web, reconciled from docker-compose.yml"
