#!/bin/sh
# Mistake: push triggers the pipeline on every branch, not only main.
set -e
sed -i '/^    branches: \[main\]/d' .github/workflows/ci.yml
git commit -qam "ci: run on every push"
