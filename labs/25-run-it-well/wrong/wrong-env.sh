#!/bin/sh
# Mistake: APP_ENV=prod: the app knows only `production`.
set -e
sed -i 's|APP_ENV=production|APP_ENV=prod|' run.sh
sh run.sh >/dev/null
