#!/bin/sh
# Reference solution: run.sh is copied in; commit it and deploy with it.
set -e
git add run.sh
git commit -qm "fix: run run-api on localhost only, in production mode, with limits and a restart policy"
sh run.sh >/dev/null
