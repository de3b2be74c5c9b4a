#!/bin/sh
# Reference solution: what a learner types, run by `opslab pack test`.
set -e
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Reference Solution}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-solution@opslab.invalid}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}"
export GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}"
chmod +x scripts/build.sh
sh scripts/build.sh
git add .
git commit -qm "build: automate the site build"
