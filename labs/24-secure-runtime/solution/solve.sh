#!/bin/sh
# Reference solution: the Dockerfile and .dockerignore are copied in; build,
# then run read-only with a tmpfs, the token passed at run time.
set -e
docker build -q -t secure/api:1 . >/dev/null
docker rm -f secure-api >/dev/null 2>&1 || true
docker run -d --name secure-api --read-only --tmpfs /tmp --env-file .env \
  -p 127.0.0.1:18240:8080 secure/api:1 >/dev/null
