#!/bin/sh
# Test stage: a failing test must stop the pipeline before deploy.
set -e
[ -f dist/site.txt ] || ./scripts/build.sh
grep -q "site built" dist/site.txt
echo "test: ok"
