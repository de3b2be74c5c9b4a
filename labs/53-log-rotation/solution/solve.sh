#!/bin/sh
# Reference solution: run.sh (copied in) sets the log options; commit it and
# run it.
set -e
git add run.sh
git commit -qm "fix(ops): rotate rot-app's log at 1m, keep 3 files" || true
sh run.sh >/dev/null
