#!/bin/sh
# Reference solution: the credentials move to an ignored .env, and the first
# commit (the one that held them) is replaced, so no commit holds the key.
set -e
git show HEAD:deploy.sh | grep '^AWS_' > .env
./deploy.sh >/dev/null
git add deploy.sh .gitignore
git commit -q --amend -m "fix: read AWS credentials from .env"
