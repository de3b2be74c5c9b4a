#!/bin/sh
# Reference solution: what a learner types, run by `opslab pack test`.
set -e
chmod +x scripts/build.sh
sh scripts/build.sh
git add .
git commit -qm "build: automate the site build"
