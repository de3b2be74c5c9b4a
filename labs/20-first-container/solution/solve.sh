#!/bin/sh
# Reference solution: the one docker run command the lab asks for.
set -e
docker rm -f first-web >/dev/null 2>&1 || true
docker run -d --name first-web --restart unless-stopped \
  -p 127.0.0.1:18200:80 -v "$PWD/site:/www:ro" \
  opslab/base:1 httpd -f -p 80 -h /www >/dev/null
