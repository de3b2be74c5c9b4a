#!/bin/sh
# Mistake: deploy.sh never looks at health: it replaces v1 with v2 and v2,
# broken, is left serving.
set -e
git checkout -q "$(git rev-list --max-parents=0 HEAD)" -- deploy.sh
git commit -qm "deploy: keep it simple"
./deploy.sh 2 >/dev/null
