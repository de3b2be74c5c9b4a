#!/bin/sh
# .env forced into a commit despite .gitignore.
set -e
git add -f .env
git commit -qm "chore: share .env with the team"
