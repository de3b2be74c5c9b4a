#!/bin/sh
# Reference solution: the Dockerfile and .dockerignore are copied in; build the
# image and run a container from it.
set -e
docker build -q -t basics/site:1 . >/dev/null
docker rm -f basics-site >/dev/null 2>&1 || true
docker run -d --name basics-site -p 127.0.0.1:18210:8080 basics/site:1 >/dev/null
