#!/bin/sh
# Mistake: the app receives the ID but its log lines do not carry it.
set -e
sed -i 's|,"request_id":"%s"}|}|; s| "\$2" "\$rid" >&2| "$2" >\&2|' app/www/cgi-bin/hello
grep -q '"\$2" >&2' app/www/cgi-bin/hello
git commit -qam "wip: tracing"
sh run.sh >/dev/null
