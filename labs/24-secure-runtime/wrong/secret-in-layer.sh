#!/bin/sh
# Mistake: the token file is copied into the image "to have the config at
# hand" (and .env dropped from .dockerignore so the COPY works): it now sits
# in a layer that everyone who pulls the image gets.
set -e
sed -i '/^\.env$/d' .dockerignore
sed -i 's|^COPY www/ /app/www/$|COPY www/ /app/www/\nCOPY .env /app/config.env|' Dockerfile
docker build -q -t secure/api:1 . >/dev/null
docker rm -f secure-api >/dev/null
docker run -d --name secure-api --read-only --tmpfs /tmp --env-file .env \
  -p 127.0.0.1:18240:8080 secure/api:1 >/dev/null
