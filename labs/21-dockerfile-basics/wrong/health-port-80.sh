#!/bin/sh
# Mistake: the healthcheck asks port 80, but httpd (as user app) listens on 8080.
set -e
sed -i 's|http://127.0.0.1:8080/|http://127.0.0.1:80/|' Dockerfile
docker build -q -t basics/site:1 . >/dev/null
docker rm -f basics-site >/dev/null
docker run -d --name basics-site -p 127.0.0.1:18210:8080 basics/site:1 >/dev/null
