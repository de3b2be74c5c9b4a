#!/bin/sh
# One copy of the definition per environment, values typed into each:
# the next fix lands in one copy and not the others.
set -e
if command -v docker-compose >/dev/null 2>&1; then dc=docker-compose; else dc="docker compose"; fi
for e in dev:18151:32m:debug staging:18152:64m:info prod:18153:128m:warn; do
  n=${e%%:*}; rest=${e#*:}; p=${rest%%:*}; rest=${rest#*:}; m=${rest%%:*}; l=${rest#*:}
  sed -e "s/\${APP_ENV}/$n/" -e "s/\${LOG_LEVEL}/$l/" -e "s/\${MEMORY}/$m/" -e "s/\${PORT}/$p/" \
    docker-compose.yml > "docker-compose.$n.yml"
done
cp docker-compose.staging.yml docker-compose.yml
$dc -p envs-staging up -d
git add -A
git commit -qm "feat(envs): a compose file per environment"
