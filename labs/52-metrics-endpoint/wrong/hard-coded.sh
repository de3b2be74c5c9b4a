#!/bin/sh
# Mistake: the page has the right shape, but its numbers are written in and
# never move.
set -e
# The build this replaces, removed at the end so no untagged image is left behind.
old="$(docker image inspect -f '{{.Id}}' met-app:1 2>/dev/null || true)"
cat > app/www/cgi-bin/metrics <<'M'
#!/bin/sh
printf 'Content-Type: text/plain; version=0.0.4\r\n\r\n'
echo "# HELP app_requests_total Requests the app answered, by path."
echo "# TYPE app_requests_total counter"
echo 'app_requests_total{path="/cgi-bin/hello"} 1'
echo 'app_requests_total{path="/cgi-bin/metrics"} 1'
M
docker build -q -t met-app:1 app >/dev/null
docker rm -f met-app >/dev/null 2>&1 || true
docker run -d --name met-app -p 127.0.0.1:18501:8080 met-app:1 >/dev/null
for id in $old; do docker rmi "$id" >/dev/null 2>&1 || true; done
