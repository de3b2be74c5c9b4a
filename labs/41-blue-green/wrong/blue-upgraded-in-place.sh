#!/bin/sh
# Mistake: blue is replaced by v2 as well, so both slots run v2 and there is
# no v1 to roll back to.
set -e
docker rm -f bg-blue >/dev/null
docker run -d --name bg-blue --network bg-net opslab/bg-app:2 >/dev/null
