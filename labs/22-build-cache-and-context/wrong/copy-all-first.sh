#!/bin/sh
# Mistake: everything is copied before the dependency step, so any change to
# the source re-runs the slow install.
set -e
cat > Dockerfile <<'DOCKERFILE'
FROM opslab/base:1
WORKDIR /app
COPY . .
RUN sh install-deps.sh
ENTRYPOINT ["/app/greet.sh"]
CMD ["world"]
DOCKERFILE
docker build -q -t cache/greeter:1 . >/dev/null
