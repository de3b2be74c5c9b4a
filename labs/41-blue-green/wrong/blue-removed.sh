#!/bin/sh
# Mistake: blue is removed after the switch, so there is nothing to roll back to.
set -e
docker rm -f bg-blue >/dev/null
