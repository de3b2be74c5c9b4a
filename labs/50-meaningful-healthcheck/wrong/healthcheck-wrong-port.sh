#!/bin/sh
# Mistake: the healthcheck asks port 80, where nothing listens (the server
# is on 8080), so the app is never healthy.
set -e
sed -i 's|127.0.0.1:8080/cgi-bin/health|127.0.0.1:80/cgi-bin/health|' Dockerfile
git commit -qam "chore: healthcheck on port 80"
docker build -q -t opslab/hc-app:1 . >/dev/null
docker rm -f hc-app hc-nodb >/dev/null
docker run -d --name hc-app --network hc-net -p 127.0.0.1:18450:8080 opslab/hc-app:1 >/dev/null
docker run -d --name hc-nodb opslab/hc-app:1 >/dev/null
