#!/bin/sh
# Mistake: deploy.sh removes v1 before v2 has proven healthy, so when v2
# fails there is nothing to roll back to.
set -e
cat > deploy.sh <<'SCRIPT'
#!/bin/sh
set -e
version=${1:?usage: ./deploy.sh VERSION}
docker rm -f rb-app rb-app-new >/dev/null 2>&1 || true
docker run -d --name rb-app-new --network rb-net --network-alias app "opslab/rb-app:$version" >/dev/null
i=0
status=starting
while [ "$i" -lt 30 ]; do
  status=$(docker inspect -f '{{.State.Health.Status}}' rb-app-new)
  [ "$status" = starting ] || break
  sleep 1; i=$((i + 1))
done
if [ "$status" != healthy ]; then docker stop -t 1 rb-app-new >/dev/null; exit 1; fi
docker rename rb-app-new rb-app
SCRIPT
git commit -qam "deploy: make room first"
./deploy.sh 2 || true
