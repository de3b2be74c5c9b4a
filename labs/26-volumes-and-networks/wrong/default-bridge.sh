#!/bin/sh
# Mistake: both long-running containers are started without --network, so
# they sit on the default bridge network, where container names do not
# resolve.
set -e
docker rm -f vn-db vn-app >/dev/null
docker run -d --name vn-db -v vn-data:/data \
  opslab/base:1 httpd -f -p 8080 -h /data >/dev/null
docker run -d --name vn-app -p 127.0.0.1:18300:8080 \
  -v "$PWD/app:/www:ro" opslab/base:1 httpd -f -p 8080 -h /www >/dev/null
