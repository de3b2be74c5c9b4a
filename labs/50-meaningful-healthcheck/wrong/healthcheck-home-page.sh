#!/bin/sh
# Mistake: the healthcheck asks for the home page, a static file that is
# served whether or not the database answers.
set -e
sed -i 's|8080/cgi-bin/health|8080/|' Dockerfile
git commit -qam "chore: healthcheck on the home page"
docker build -q -t opslab/hc-app:1 . >/dev/null
docker rm -f hc-app hc-nodb >/dev/null
docker run -d --name hc-app --network hc-net -p 127.0.0.1:18450:8080 opslab/hc-app:1 >/dev/null
docker run -d --name hc-nodb opslab/hc-app:1 >/dev/null
