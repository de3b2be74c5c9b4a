#!/bin/sh
# Mistake: start.sh still echoes one plain-text line beside the JSON ones.
set -e
# The build this replaces, removed at the end so no untagged image is left behind.
old="$(docker image inspect -f '{{.Id}}' log-app:1 2>/dev/null || true)"
sed -i 's|^log info "starting httpd on port 8080"|echo "starting httpd on port 8080"|' app/start.sh
grep -q '^echo "starting' app/start.sh
docker build -q -t log-app:1 app >/dev/null
docker rm -f log-app >/dev/null 2>&1 || true
docker run -d --name log-app -p 127.0.0.1:18500:8080 log-app:1 >/dev/null
for id in $old; do docker rmi "$id" >/dev/null 2>&1 || true; done
