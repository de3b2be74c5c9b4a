#!/bin/sh
# Mistake: the container runs, but its healthcheck probes a port nothing
# listens on, so it never becomes healthy (App Runner would never route
# traffic to it).
set -e
docker rm -f plat-web >/dev/null
docker run -d --name plat-web --restart unless-stopped -p 127.0.0.1:18330:8080 \
  --health-cmd 'wget -q -O /dev/null http://127.0.0.1:80/health || exit 1' \
  --health-interval 1s --health-retries 1 plat/web:1 >/dev/null
