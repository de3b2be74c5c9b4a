#!/bin/sh
# Mistake: `-p 18200:80` publishes on every interface (0.0.0.0).
set -e
docker rm -f first-web >/dev/null
docker run -d --name first-web --restart unless-stopped \
  -p 18200:80 -v "$PWD/site:/www:ro" \
  opslab/base:1 httpd -f -p 80 -h /www >/dev/null
