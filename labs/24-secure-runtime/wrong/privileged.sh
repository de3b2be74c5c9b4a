#!/bin/sh
# Mistake: --privileged "to be sure it works": every device and capability.
set -e
docker rm -f secure-api >/dev/null
docker run -d --name secure-api --privileged --read-only --tmpfs /tmp --env-file .env \
  -p 127.0.0.1:18240:8080 secure/api:1 >/dev/null
