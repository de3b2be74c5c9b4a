#!/bin/sh
# Stand-in for `pip install -r requirements.txt` or `npm ci`: slow, and its
# result only depends on deps.txt.
set -e
mkdir -p vendor
grep -v '^#' deps.txt | while read -r name version; do
  [ -n "$name" ] || continue
  echo "installing $name $version"
  sleep 1
  echo "$name $version" >> vendor/installed.txt
done
