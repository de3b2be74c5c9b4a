#!/bin/sh
# How releases were built until now: every build becomes reg/app:latest,
# so nobody can tell which commit runs, and yesterday's image is gone.
# Rewrite it (see the brief): version tag + commit tag, revision label,
# and refuse to move a version tag that exists.
set -e
docker build -t reg/app:latest .
