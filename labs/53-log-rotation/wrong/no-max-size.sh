#!/bin/sh
# Mistake: a number of files to keep, but no size to rotate at.
set -e
docker rm -f rot-app >/dev/null 2>&1 || true
docker run -d --name rot-app --restart unless-stopped \
  --log-driver json-file --log-opt max-file=3 \
  opslab/base:1 sh -c 'while true; do echo "{\"level\":\"info\",\"message\":\"tick\"}"; usleep 100000; done' >/dev/null
