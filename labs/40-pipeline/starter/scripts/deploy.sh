#!/bin/sh
# Deploy stage: only ever run for main, after the tests passed.
set -e
echo "deploy: would publish dist/ to production"
