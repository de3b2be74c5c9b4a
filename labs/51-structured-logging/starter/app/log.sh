# log LEVEL MESSAGE: write one log line to stderr, which Docker keeps as the
# container's log (`docker logs log-app`). Every script of the app uses it.
log() {
  echo "$(date) [$1] $2" >&2
}
