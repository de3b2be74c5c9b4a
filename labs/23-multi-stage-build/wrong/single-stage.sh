#!/bin/sh
# Mistake: one stage does everything, so the toolchain and sources ship.
set -e
cat > Dockerfile <<'DOCKERFILE'
FROM opslab/base:1
WORKDIR /src
COPY . .
RUN sh tools/setup-toolchain.sh && sh build.sh
RUN mkdir -p /www && cp -r out/. /www/
USER app
EXPOSE 8080
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
docker build -q -t multi/site:1 . >/dev/null
docker rm -f multi-site >/dev/null
docker run -d --name multi-site -p 127.0.0.1:18230:8080 multi/site:1 >/dev/null
