#!/bin/sh
# deploy.sh VERSION: put opslab/rb-app:VERSION live behind the proxy.
# Usage: ./deploy.sh 2
#
# Clients reach the shop through rb-proxy, which forwards to whatever
# answers to the name `app` on the network rb-net.
set -e
version=${1:?usage: ./deploy.sh VERSION}

docker rm -f rb-app
docker run -d --name rb-app --network rb-net --network-alias app "opslab/rb-app:$version"
echo "deployed opslab/rb-app:$version"
