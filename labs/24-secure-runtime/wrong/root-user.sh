#!/bin/sh
# Mistake: no USER, so the service runs as root.
set -e
sed -i '/^USER /d' Dockerfile
docker build -q -t secure/api:1 . >/dev/null
docker rm -f secure-api >/dev/null
docker run -d --name secure-api --read-only --tmpfs /tmp --env-file .env \
  -p 127.0.0.1:18240:8080 secure/api:1 >/dev/null
