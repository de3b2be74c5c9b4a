#!/bin/sh
# deploy.sh VERSION: put opslab/rb-app:VERSION live behind the proxy, only
# if it becomes healthy; otherwise the live version keeps the traffic.
# Usage: ./deploy.sh 2
#
# Clients reach the shop through rb-proxy, which forwards to whatever
# answers to the name `app` on the network rb-net.
set -e
version=${1:?usage: ./deploy.sh VERSION}
wait_seconds=${WAIT_SECONDS:-30}

# 1. Start the new version beside the live one, without the alias.
docker rm -f rb-app-new >/dev/null 2>&1 || true
docker run -d --name rb-app-new --network rb-net "opslab/rb-app:$version" >/dev/null

# 2. Wait for Docker's verdict on its healthcheck.
status=starting
i=0
while [ "$i" -lt "$wait_seconds" ]; do
  status=$(docker inspect -f '{{.State.Health.Status}}' rb-app-new)
  [ "$status" = starting ] || break
  sleep 1
  i=$((i + 1))
done

# 3. Not healthy: roll back. The live version never lost the alias; stop the
#    new one and keep it for the post-mortem (docker logs rb-app-new).
if [ "$status" != healthy ]; then
  docker stop -t 1 rb-app-new >/dev/null
  echo "opslab/rb-app:$version is $status after ${i}s: rolled back, rb-app still serves." >&2
  echo "See why: docker logs rb-app-new" >&2
  exit 1
fi

# 4. Healthy: give it the alias, take the alias from the old one, retire it.
docker network disconnect rb-net rb-app-new
docker network connect --alias app rb-net rb-app-new
docker network disconnect rb-net rb-app
docker rm -f rb-app >/dev/null
docker rename rb-app-new rb-app
echo "deployed opslab/rb-app:$version"
