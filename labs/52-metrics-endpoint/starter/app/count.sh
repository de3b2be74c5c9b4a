# Request counts, kept in /tmp/requests/NAME (one file per CGI script).
# Use them in a CGI script with `. /app/count.sh`.

# count_request: add one to the count of the script running now
# ($SCRIPT_NAME, e.g. /cgi-bin/hello). mkdir is atomic, so the lock keeps
# two requests arriving together from losing a count.
count_request() {
  dir=/tmp/requests
  mkdir -p "$dir"
  tries=0
  while ! mkdir "$dir/.lock" 2>/dev/null; do
    # Held for over a second: left by a request that died. Take it over.
    tries=$((tries + 1))
    [ "$tries" -lt 500 ] || { rmdir "$dir/.lock" 2>/dev/null; tries=0; }
    usleep 2000
  done
  name=$(basename "$SCRIPT_NAME")
  n=$(cat "$dir/$name" 2>/dev/null || echo 0)
  echo $((n + 1)) > "$dir/$name"
  rmdir "$dir/.lock"
}

# request_counts: print one line per script counted so far: PATH COUNT,
# e.g. `/cgi-bin/hello 3`.
request_counts() {
  for f in /tmp/requests/*; do
    [ -f "$f" ] && echo "/cgi-bin/$(basename "$f") $(cat "$f")"
  done
  return 0
}
