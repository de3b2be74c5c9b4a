#!/bin/sh
# Reference solution: commit the new release.sh, release 1.0.0, bump to
# 1.0.1 with a fix and release it, then apply the lifecycle rule.
set -e
git add release.sh
git commit -qm "build: tag releases by version and commit, never move a version tag"
./release.sh
echo 1.0.1 > VERSION
sed -i 's/two days/one day/' site/index.html
git commit -qam "fix: orders ship within one day"
./release.sh
# Lifecycle: keep the two releases (each with its commit tag), remove every
# other tag of reg/app, then the dangling images of the repository.
keep="reg/app:1.0.0 reg/app:1.0.1 reg/app:$(git rev-parse --short v1.0.0) reg/app:$(git rev-parse --short v1.0.1)"
for ref in $(docker image ls reg/app --format '{{.Repository}}:{{.Tag}}'); do
  case " $keep " in
    *" $ref "*) ;;
    *) docker rmi "$ref" >/dev/null ;;
  esac
done
docker image prune -f --filter label=org.opencontainers.image.title=reg-app >/dev/null
