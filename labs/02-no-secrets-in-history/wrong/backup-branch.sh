#!/bin/sh
# A branch made "just in case" before the rewrite still reaches the key.
set -e
git switch -q -c backup-before-rewrite
printf 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n' > credentials.txt
git add credentials.txt
git commit -qm "chore: keep a copy of the old credentials"
git switch -q main
rm -f credentials.txt
