#!/bin/sh
# `git merge` without --no-ff: main simply moves to the branch's commit.
set -e
git tag -d v1.0.0 >/dev/null
git reset -q --hard HEAD~1
git merge -q --ff-only feature/contact-page
git tag -a v1.0.0 -m "Release 1.0.0"
