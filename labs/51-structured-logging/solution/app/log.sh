# log LEVEL MESSAGE: write one log line to stderr, which Docker keeps as the
# container's log (`docker logs log-app`). Every script of the app uses it.
# Each line is one JSON object: a timestamp in UTC (ISO 8601), a level
# (debug, info, warn or error) and the message, its " and \ escaped.
log() {
  msg=$(printf '%s' "$2" | sed 's/\\/\\\\/g; s/"/\\"/g')
  printf '{"timestamp":"%s","level":"%s","message":"%s"}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$msg" >&2
}
