#!/bin/sh
# Mistake: no lifecycle rule: an old release stays around.
set -e
tmp=$(mktemp -d)
cp -r Dockerfile site "$tmp"
echo 0.9.1 > "$tmp/VERSION"
docker build -q -t reg/app:0.9.1 "$tmp" >/dev/null
rm -rf "$tmp"
