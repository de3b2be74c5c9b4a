#!/bin/sh
# Reference solution: the two-stage Dockerfile is copied in; build and run.
set -e
docker build -q -t multi/site:1 . >/dev/null
docker rm -f multi-site >/dev/null 2>&1 || true
docker run -d --name multi-site -p 127.0.0.1:18230:8080 multi/site:1 >/dev/null
