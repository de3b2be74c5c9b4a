#!/bin/sh
# Mistake: the proxy always makes a new ID, throwing away the caller's.
set -e
# The build this replaces, removed at the end so no untagged image is left behind.
old="$(docker image inspect -f '{{.Id}}' trace-app:1 2>/dev/null || true) $(docker image inspect -f '{{.Id}}' trace-proxy:1 2>/dev/null || true)"
sed -i 's|^rid=.*|rid=$(cat /proc/sys/kernel/random/uuid)|' proxy/www/cgi-bin/hello
grep -q '^rid=$(cat' proxy/www/cgi-bin/hello
git commit -qam "wip: tracing"
sh run.sh >/dev/null
for id in $old; do docker rmi "$id" >/dev/null 2>&1 || true; done
