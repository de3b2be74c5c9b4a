#!/bin/sh
# Mistake: two stages, but the final one starts FROM the build stage, so it
# inherits everything the build stage holds.
set -e
sed -i 's|^FROM opslab/base:1$|FROM build|' Dockerfile
docker build -q -t multi/site:1 . >/dev/null
docker rm -f multi-site >/dev/null
docker run -d --name multi-site -p 127.0.0.1:18230:8080 multi/site:1 >/dev/null
