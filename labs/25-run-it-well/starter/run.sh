#!/bin/sh
# Deploys run-api on this machine. Run it from the workspace: sh run.sh
# (the image run/api:1 is already built).
docker rm -f run-api 2>/dev/null
docker run -d --name run-api \
  -p 18250:8080 \
  -e APP_ENV=development -e LOG_LEVEL=debug \
  run/api:1
