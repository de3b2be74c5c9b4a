#!/bin/sh
# Measures a folder of the site and prints the result as JSON:
# how many files, how many bytes in all, and the largest file.
# Usage: ./scripts/measure.sh [FOLDER]      (default: site)
set -e
dir=${1:-site}
files=0
bytes=0
largest=""
largest_bytes=-1
for f in $(find "$dir" -type f | sort); do
  size=$(wc -c < "$f" | tr -d ' ')
  files=$((files + 1))
  bytes=$((bytes + size))
  if [ "$size" -gt "$largest_bytes" ]; then
    largest=$f
    largest_bytes=$size
  fi
done
printf '{\n  "folder": "%s",\n  "files": %d,\n  "bytes": %d,\n  "largest_file": "%s",\n  "largest_bytes": %d,\n  "measured_at": "%s"\n}\n' \
  "$dir" "$files" "$bytes" "$largest" "$largest_bytes" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
