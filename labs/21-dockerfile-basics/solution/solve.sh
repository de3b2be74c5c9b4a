#!/bin/sh
# Reference solution: the Dockerfile is copied in; build it.
set -e
docker build -q -t opslab/site:1 . >/dev/null
