#!/bin/sh
# Mistake: the release also goes out as reg/app:latest, a tag that moves on
# every build.
set -e
docker tag reg/app:1.0.1 reg/app:latest
