#!/bin/sh
# Builds both images and (re)starts both containers on the network trace-net.
# Run it after every change: a container keeps the image it was made from.
set -e
docker build -q -t trace-app:1 app >/dev/null
docker build -q -t trace-proxy:1 proxy >/dev/null
docker network inspect trace-net >/dev/null 2>&1 || docker network create trace-net >/dev/null
docker rm -f trace-app trace-proxy >/dev/null 2>&1 || true
docker run -d --name trace-app --network trace-net trace-app:1 >/dev/null
docker run -d --name trace-proxy --network trace-net -p 127.0.0.1:18504:8080 trace-proxy:1 >/dev/null
echo "trace-proxy answers on http://127.0.0.1:18504/cgi-bin/hello"
