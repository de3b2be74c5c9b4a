#!/bin/sh
# The report is committed, but drift-web is still the hand-changed container.
set -e
docker rm -f drift-web >/dev/null
docker run -d --name drift-web -e MODE=debug -p 127.0.0.1:18112:8080 --restart no opslab/drift-web:1 >/dev/null
