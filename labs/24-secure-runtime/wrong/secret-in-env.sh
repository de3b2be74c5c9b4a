#!/bin/sh
# Mistake: the token baked into the image with ENV: anyone who can pull the
# image reads it with `docker image inspect`.
set -e
sed -i 's|^COPY www/ /app/www/$|ENV API_TOKEN=tok-live-7c41e9d2a8f35b60\nCOPY www/ /app/www/|' Dockerfile
docker build -q -t secure/api:1 . >/dev/null
docker rm -f secure-api >/dev/null
docker run -d --name secure-api --read-only --tmpfs /tmp \
  -p 127.0.0.1:18240:8080 secure/api:1 >/dev/null
