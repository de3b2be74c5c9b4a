#!/bin/sh
# Mistake: the decision is written but never committed: nobody else sees it.
set -e
git reset -q HEAD~1
git add Dockerfile
git commit -qm "feat: healthcheck"
