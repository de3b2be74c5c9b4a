#!/bin/sh
# Reference solution: log.sh and start.sh now write JSON lines (copied in);
# commit them, build the image and run the container from it.
set -e
git add app
git commit -qm "feat(log): log one JSON object per line" || true
docker build -q -t log-app:1 app >/dev/null
docker rm -f log-app >/dev/null 2>&1 || true
docker run -d --name log-app -p 127.0.0.1:18500:8080 log-app:1 >/dev/null
