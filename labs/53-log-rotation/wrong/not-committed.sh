#!/bin/sh
# Mistake: run.sh was fixed and run, but the fix was never committed: the
# next person to deploy from the repository gets the unrotated log again.
set -e
git reset -q --soft HEAD~1
