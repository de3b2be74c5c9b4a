#!/bin/sh
# Reference solution: commit the decision and the healthcheck, build the
# image, run one healthy container on localhost (the App Runner stand-in).
set -e
git add decisions/0001-platform.yaml Dockerfile
git commit -qm "docs: decide to run the feedback app on App Runner"
docker build -q -t plat/web:1 . >/dev/null
docker rm -f plat-web >/dev/null 2>&1 || true
docker run -d --name plat-web --restart unless-stopped \
  -p 127.0.0.1:18330:8080 plat/web:1 >/dev/null
# Wait until Docker reports the container healthy (a few seconds).
i=0
while [ "$(docker inspect -f '{{.State.Health.Status}}' plat-web)" != healthy ]; do
  i=$((i + 1)); [ "$i" -lt 30 ] || exit 1; sleep 1
done
