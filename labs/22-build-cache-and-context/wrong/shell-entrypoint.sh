#!/bin/sh
# Mistake: shell-form ENTRYPOINT: `sh -c` runs it, so CMD and the arguments of
# `docker run` never reach the program.
set -e
sed -i 's|^ENTRYPOINT .*|ENTRYPOINT /app/greet.sh|' Dockerfile
docker build -q -t cache/greeter:1 . >/dev/null
