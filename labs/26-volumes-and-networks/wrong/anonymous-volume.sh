#!/bin/sh
# Mistake: `-v /data` mounts a new, empty anonymous volume in the database
# instead of the named volume vn-data, so the saved message is not there.
set -e
docker rm -f vn-db >/dev/null
docker run -d --name vn-db --network vn-net -v /data \
  opslab/base:1 httpd -f -p 8080 -h /data >/dev/null
