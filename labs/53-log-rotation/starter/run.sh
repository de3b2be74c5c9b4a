#!/bin/sh
# Starts rot-app, a chatty worker: one log line every 100 ms, day and night.
# Run it again after any change: it replaces the container.
set -e
docker rm -f rot-app >/dev/null 2>&1 || true
docker run -d --name rot-app \
  --restart unless-stopped \
  opslab/base:1 \
  sh -c 'i=0; while true; do i=$((i+1)); echo "{\"level\":\"info\",\"message\":\"tick $i\"}"; usleep 100000; done'
