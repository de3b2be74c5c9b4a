#!/bin/sh
# Reference solution: the gated pipeline is copied in; commit it.
set -e
git add .github/workflows/ci.yml
git commit -qm "ci: gate source, build, test and deploy; deploy only from main"
