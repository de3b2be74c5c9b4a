#!/bin/sh
# Deploys run-api on this machine. Run it from the workspace: sh run.sh
# (the image run/api:1 is already built).
docker rm -f run-api 2>/dev/null
docker run -d --name run-api \
  -p 127.0.0.1:18250:8080 \
  -e APP_ENV=production -e LOG_LEVEL=info \
  --restart on-failure:5 \
  --memory 64m --cpus 0.5 \
  run/api:1
