#!/bin/sh
# Mistake: the base is not pinned (`:latest`). The Dockerfile shows it; the
# build only works where some opslab/base:latest happens to exist.
set -e
sed -i 's|^FROM opslab/base:1|FROM opslab/base:latest|' Dockerfile
if docker build -q -t basics/site:1 . >/dev/null 2>&1; then
  docker rm -f basics-site >/dev/null
  docker run -d --name basics-site -p 127.0.0.1:18210:8080 basics/site:1 >/dev/null
fi
