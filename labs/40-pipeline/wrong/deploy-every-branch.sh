#!/bin/sh
# Mistake: deploy has no condition on the branch, so pull requests deploy.
set -e
sed -i "/^    if: github.ref/d" .github/workflows/ci.yml
git commit -qam "ci: deploy always"
