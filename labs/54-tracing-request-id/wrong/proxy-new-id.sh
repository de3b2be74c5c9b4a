#!/bin/sh
# Mistake: the proxy always makes a new ID, throwing away the caller's.
set -e
sed -i 's|^rid=.*|rid=$(cat /proc/sys/kernel/random/uuid)|' proxy/www/cgi-bin/hello
grep -q '^rid=$(cat' proxy/www/cgi-bin/hello
git commit -qam "wip: tracing"
sh run.sh >/dev/null
