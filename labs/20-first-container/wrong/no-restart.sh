#!/bin/sh
# Mistake: no --restart, so the container stays down after a crash or reboot.
set -e
docker rm -f first-web >/dev/null
docker run -d --name first-web \
  -p 127.0.0.1:18200:80 -v "$PWD/site:/www:ro" \
  opslab/base:1 httpd -f -p 80 -h /www >/dev/null
