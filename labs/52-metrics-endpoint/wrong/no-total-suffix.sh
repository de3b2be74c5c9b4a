#!/bin/sh
# Mistake: a counter named without the _total suffix Prometheus expects.
set -e
# The build this replaces, removed at the end so no untagged image is left behind.
old="$(docker image inspect -f '{{.Id}}' met-app:1 2>/dev/null || true)"
sed -i 's/app_requests_total/app_requests/g' app/www/cgi-bin/metrics
docker build -q -t met-app:1 app >/dev/null
docker rm -f met-app >/dev/null 2>&1 || true
docker run -d --name met-app -p 127.0.0.1:18501:8080 met-app:1 >/dev/null
for id in $old; do docker rmi "$id" >/dev/null 2>&1 || true; done
