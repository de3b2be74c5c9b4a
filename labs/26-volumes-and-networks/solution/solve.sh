#!/bin/sh
# Reference solution: a volume and a network, a one-shot writer that is then
# removed, and two long-running containers that find each other by name.
set -e
docker rm -f vn-writer vn-db vn-app >/dev/null 2>&1 || true
docker volume create vn-data >/dev/null
docker network inspect vn-net >/dev/null 2>&1 || docker network create vn-net >/dev/null
docker run --name vn-writer -v vn-data:/data opslab/base:1 \
  sh -c 'echo "Saved by vn-writer" > /data/message.txt'
docker rm vn-writer >/dev/null
docker run -d --name vn-db --network vn-net -v vn-data:/data \
  opslab/base:1 httpd -f -p 8080 -h /data >/dev/null
docker run -d --name vn-app --network vn-net -p 127.0.0.1:18300:8080 \
  -v "$PWD/app:/www:ro" opslab/base:1 httpd -f -p 8080 -h /www >/dev/null
