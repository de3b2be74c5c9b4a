#!/bin/sh
# Release the commit you are on as one image with two tags:
#   reg/app:VERSION     what people ask for; never moves once it exists
#   reg/app:SHORT-SHA   exactly which commit it was built from
# and the full commit id in the label org.opencontainers.image.revision.
set -e
version=$(cat VERSION)
if [ -n "$(git status --porcelain)" ]; then
  echo "release.sh: commit your changes first; a release is built from a commit" >&2
  exit 1
fi
if docker image inspect "reg/app:$version" >/dev/null 2>&1; then
  echo "release.sh: reg/app:$version exists and version tags are immutable; bump VERSION" >&2
  exit 1
fi
sha=$(git rev-parse --short HEAD)
docker build -q -t "reg/app:$version" -t "reg/app:$sha" \
  --label "org.opencontainers.image.revision=$(git rev-parse HEAD)" .
git tag "v$version"
echo "released reg/app:$version = reg/app:$sha"
