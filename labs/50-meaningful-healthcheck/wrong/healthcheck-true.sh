#!/bin/sh
# Mistake: a healthcheck that always passes (`CMD true`): "healthy" even
# when the database is gone.
set -e
sed -i 's|^  CMD wget .*|  CMD true|' Dockerfile
git commit -qam "chore: simpler healthcheck"
docker build -q -t opslab/hc-app:1 . >/dev/null
docker rm -f hc-app hc-nodb >/dev/null
docker run -d --name hc-app --network hc-net -p 127.0.0.1:18450:8080 opslab/hc-app:1 >/dev/null
docker run -d --name hc-nodb opslab/hc-app:1 >/dev/null
