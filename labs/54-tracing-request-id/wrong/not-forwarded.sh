#!/bin/sh
# Mistake: the proxy logs the ID but calls the app without the header.
set -e
sed -i 's|wget -q -O- --header "X-Request-ID: $rid" |wget -q -O- |' proxy/www/cgi-bin/hello
! grep -q -- '--header' proxy/www/cgi-bin/hello
git commit -qam "wip: tracing"
sh run.sh >/dev/null
