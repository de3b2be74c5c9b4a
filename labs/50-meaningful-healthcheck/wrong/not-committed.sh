#!/bin/sh
# Mistake: the image is built from the fixed Dockerfile, but the fix is not
# committed: the next build from the repository brings the old check back.
set -e
git reset -q HEAD~1
