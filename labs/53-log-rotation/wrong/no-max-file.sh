#!/bin/sh
# Mistake: rotated at 1m, but the number of files kept is left to the default.
set -e
docker rm -f rot-app >/dev/null 2>&1 || true
docker run -d --name rot-app --restart unless-stopped \
  --log-driver json-file --log-opt max-size=1m \
  opslab/base:1 sh -c 'while true; do echo "{\"level\":\"info\",\"message\":\"tick\"}"; usleep 100000; done' >/dev/null
