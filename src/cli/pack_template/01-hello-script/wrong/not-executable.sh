#!/bin/sh
# A mistake: the execute bit is dropped, and that is committed.
set -e
chmod -x hello.sh
git commit -qam "chore: tidy"
