#!/bin/sh
# Mistake: hc-app is run with --health-cmd true, which replaces the image's
# healthcheck with one that always passes.
set -e
docker rm -f hc-app >/dev/null
docker run -d --name hc-app --network hc-net -p 127.0.0.1:18450:8080 --health-cmd true --health-interval 1s opslab/hc-app:1 >/dev/null
