#!/bin/sh
# Mistake: green runs on the default bridge network, where the proxy cannot
# reach it; blue gave up the alias, so `app` leads nowhere.
set -e
docker rm -f bg-green >/dev/null
docker run -d --name bg-green opslab/bg-app:2 >/dev/null
