#!/bin/sh
# Mistake: the USER line is removed, so the server runs as root.
set -e
sed -i '/^USER /d' Dockerfile
docker build -q -t basics/site:1 . >/dev/null
docker rm -f basics-site >/dev/null
docker run -d --name basics-site -p 127.0.0.1:18210:8080 basics/site:1 >/dev/null
