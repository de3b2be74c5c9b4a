#!/bin/sh
# Reference solution: the Dockerfile and .dockerignore are copied in; build.
set -e
docker build -q -t cache/greeter:1 . >/dev/null
