#!/bin/sh
# Mistake: deploy.sh switches the alias to v2 first and, when v2 turns
# unhealthy, stops it without giving the alias back to v1: nothing serves.
set -e
cat > deploy.sh <<'SCRIPT'
#!/bin/sh
set -e
version=${1:?usage: ./deploy.sh VERSION}
docker rm -f rb-app-new >/dev/null 2>&1 || true
docker run -d --name rb-app-new --network rb-net --network-alias app "opslab/rb-app:$version" >/dev/null
docker network disconnect rb-net rb-app
docker network connect rb-net rb-app
i=0
status=starting
while [ "$i" -lt 30 ]; do
  status=$(docker inspect -f '{{.State.Health.Status}}' rb-app-new)
  [ "$status" = starting ] || break
  sleep 1; i=$((i + 1))
done
if [ "$status" != healthy ]; then docker stop -t 1 rb-app-new >/dev/null; exit 1; fi
docker rm -f rb-app >/dev/null
docker rename rb-app-new rb-app
SCRIPT
git commit -qam "deploy: switch first"
./deploy.sh 2 || true
