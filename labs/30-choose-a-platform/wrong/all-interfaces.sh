#!/bin/sh
# Mistake: the port is published on every interface of the machine.
set -e
docker rm -f plat-web >/dev/null
docker run -d --name plat-web --restart unless-stopped -p 18330:8080 plat/web:1 >/dev/null
