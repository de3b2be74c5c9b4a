#!/bin/sh
# Mistake: the image is rebuilt but hc-app is the container of the old build,
# whose healthcheck only asks for the home page.
set -e
docker rm -f hc-app >/dev/null
sed -i 's|8080/cgi-bin/health|8080/|' Dockerfile
docker build -q -t opslab/hc-app:1 . >/dev/null
docker run -d --name hc-app --network hc-net -p 127.0.0.1:18450:8080 opslab/hc-app:1 >/dev/null
git checkout -q Dockerfile
docker build -q -t opslab/hc-app:1 . >/dev/null
