#!/bin/sh
# Mistake: the site is mounted without :ro, so the server could change it.
set -e
docker rm -f first-web >/dev/null
docker run -d --name first-web --restart unless-stopped \
  -p 127.0.0.1:18200:80 -v "$PWD/site:/www" \
  opslab/base:1 httpd -f -p 80 -h /www >/dev/null
