#!/bin/sh
# The right values, typed by hand: nothing ties the container to the file.
set -e
docker rm -f drift-web >/dev/null
docker run -d --name drift-web --init -e MODE=prod -p 127.0.0.1:18111:8080 --restart unless-stopped opslab/drift-web:1 >/dev/null
