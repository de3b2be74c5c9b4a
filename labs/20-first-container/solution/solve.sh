#!/bin/sh
# Reference solution: the one docker run command the lab asks for.
set -e
docker rm -f opslab-web >/dev/null 2>&1 || true
docker run -d --name opslab-web --restart unless-stopped \
  -p 127.0.0.1:8080:80 -v "$OPSLAB_WORKSPACE/site:/www:ro" \
  opslab/base:1 httpd -f -p 80 -h /www >/dev/null
