#!/bin/sh
# `git tag v1.0.0` without -a or -m: no message, no tagger.
set -e
git tag -d v1.0.0 >/dev/null
git tag v1.0.0
