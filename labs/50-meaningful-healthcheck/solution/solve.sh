#!/bin/sh
# Reference solution: the Dockerfile is copied in; build, run the database,
# the app beside it, and a copy without the database that must be unhealthy.
set -e
docker build -q -t opslab/hc-app:1 . >/dev/null
docker network inspect hc-net >/dev/null 2>&1 || docker network create hc-net >/dev/null
docker rm -f hc-db hc-app hc-nodb >/dev/null 2>&1 || true
docker run -d --name hc-db --network hc-net opslab/base:1 nc -ll -p 5432 -e true >/dev/null
docker run -d --name hc-app --network hc-net -p 127.0.0.1:18450:8080 opslab/hc-app:1 >/dev/null
docker run -d --name hc-nodb opslab/hc-app:1 >/dev/null
git add Dockerfile
git commit -qm "fix: the healthcheck asks /cgi-bin/health, which checks the database"
