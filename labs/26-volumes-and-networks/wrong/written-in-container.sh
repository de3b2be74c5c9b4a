#!/bin/sh
# Mistake: the writer ran without the volume, so message.txt went into its
# own filesystem and was lost when it was removed. The volume is empty.
set -e
docker rm -f vn-writer >/dev/null 2>&1 || true
docker run --rm -v vn-data:/data opslab/base:1 rm -f /data/message.txt
docker run --name vn-writer opslab/base:1 \
  sh -c 'mkdir -p /data && echo "Saved by vn-writer" > /data/message.txt'
docker rm vn-writer >/dev/null
