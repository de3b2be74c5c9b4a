#!/bin/sh
# Source stage: the code is well-formed before anything is built.
set -e
for f in scripts/*.sh; do sh -n "$f"; done
echo "lint: ok"
