#!/bin/sh
# Reference solution: the metrics script is copied in; commit it, build the
# image and run the container from it.
set -e
git add app
git commit -qm "feat(metrics): expose app_requests_total as a Prometheus counter" || true
docker build -q -t met-app:1 app >/dev/null
docker rm -f met-app >/dev/null 2>&1 || true
docker run -d --name met-app -p 127.0.0.1:18501:8080 met-app:1 >/dev/null
