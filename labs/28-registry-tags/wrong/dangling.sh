#!/bin/sh
# Mistake: a quick edit rebuilt over the same tags, leaving the previous
# build as an untagged (dangling) image nobody prunes.
set -e
sha=$(git rev-parse --short HEAD)
echo "<p>hotfix</p>" >> site/index.html
docker build -q -t reg/app:1.0.1 -t "reg/app:$sha" \
  --label "org.opencontainers.image.revision=$(git rev-parse HEAD)" . >/dev/null
git checkout -q -- site/index.html
