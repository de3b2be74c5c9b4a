#!/bin/sh
# Mistake: no --read-only: a compromised process can rewrite the app.
set -e
docker rm -f secure-api >/dev/null
docker run -d --name secure-api --tmpfs /tmp --env-file .env \
  -p 127.0.0.1:18240:8080 secure/api:1 >/dev/null
