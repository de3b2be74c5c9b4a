#!/bin/sh
# A mistake: the script is edited after the commit, and the edit is not committed.
set -e
echo 'echo "and goodbye"' >> hello.sh
