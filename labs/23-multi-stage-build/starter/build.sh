#!/bin/sh
# Generates the site into out/ with sitegen (see tools/setup-toolchain.sh).
set -e
if [ ! -x /opt/sitegen/sitegen ]; then
  echo "sitegen is not installed: run tools/setup-toolchain.sh first" >&2
  exit 1
fi
mkdir -p out
/opt/sitegen/sitegen pages/index.txt > out/index.html
echo "built out/index.html"
