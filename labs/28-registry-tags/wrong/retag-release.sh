#!/bin/sh
# Mistake: a fix is "released" by moving the existing version tag to the new
# build. Whoever pulled reg/app:1.0.0 yesterday and pulls it today gets two
# different images.
set -e
docker tag reg/app:1.0.1 reg/app:1.0.0
