#!/bin/sh
# Mistake: the proxy logs the ID but calls the app without the header.
set -e
# The build this replaces, removed at the end so no untagged image is left behind.
old="$(docker image inspect -f '{{.Id}}' trace-app:1 2>/dev/null || true) $(docker image inspect -f '{{.Id}}' trace-proxy:1 2>/dev/null || true)"
sed -i 's|wget -q -O- --header "X-Request-ID: $rid" |wget -q -O- |' proxy/www/cgi-bin/hello
if grep -q -- '--header' proxy/www/cgi-bin/hello; then exit 1; fi
git commit -qam "wip: tracing"
sh run.sh >/dev/null
for id in $old; do docker rmi "$id" >/dev/null 2>&1 || true; done
