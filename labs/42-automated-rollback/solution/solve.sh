#!/bin/sh
# Reference solution: the health-gated deploy.sh is copied in; commit it,
# then deploy the broken v2, which must roll back (deploy.sh exits 1).
set -e
chmod +x deploy.sh
git add deploy.sh
git commit -qm "feat: deploy.sh waits for health and rolls back"
if ./deploy.sh 2; then
  echo "deploy.sh accepted the broken v2" >&2
  exit 1
fi
