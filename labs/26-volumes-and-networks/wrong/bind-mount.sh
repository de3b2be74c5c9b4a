#!/bin/sh
# Mistake: the database keeps its data in a folder of the host (a bind mount)
# rather than in the named volume vn-data. The page still works, which is
# why this mistake goes unnoticed until the folder is lost.
set -e
mkdir -p "$PWD/dbdata"
echo "Saved by vn-writer" > "$PWD/dbdata/message.txt"
docker rm -f vn-db >/dev/null
docker run -d --name vn-db --network vn-net -v "$PWD/dbdata:/data" \
  opslab/base:1 httpd -f -p 8080 -h /data >/dev/null
