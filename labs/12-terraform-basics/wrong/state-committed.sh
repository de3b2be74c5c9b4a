#!/bin/sh
# `git add -f` (or an `add .` before the .gitignore): the state is in git.
set -e
git add -f infra/terraform.tfstate
git commit -qm "chore(infra): save state"
