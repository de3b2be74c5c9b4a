#!/bin/sh
# The state was committed, then removed in a new commit: the old commit
# still holds it (and its password) for anyone who clones.
set -e
git add -f infra/terraform.tfstate
git commit -qm "chore(infra): save state"
git rm -q --cached infra/terraform.tfstate
git commit -qm "chore(infra): stop tracking state"
