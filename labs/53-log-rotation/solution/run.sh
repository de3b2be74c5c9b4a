#!/bin/sh
# Starts rot-app, a chatty worker: one log line every 100 ms, day and night.
# Run it again after any change: it replaces the container.
set -e
docker rm -f rot-app >/dev/null 2>&1 || true
docker run -d --name rot-app \
  --restart unless-stopped \
  --log-driver json-file --log-opt max-size=1m --log-opt max-file=3 \
  opslab/base:1 \
  sh -c 'i=0; while true; do i=$((i+1)); echo "{\"level\":\"info\",\"message\":\"tick $i\"}"; usleep 100000; done'
