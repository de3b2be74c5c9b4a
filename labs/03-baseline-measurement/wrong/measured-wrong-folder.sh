#!/bin/sh
# `./scripts/measure.sh .` measures the whole repository, .git included.
set -e
./scripts/measure.sh . > baseline.json
git commit -qam "docs: record the size baseline"
