#!/bin/sh
# The history a learner gets by deleting the lines in a new commit: a commit
# holding the key, then one removing it.
set -e
sed -i 's|^set -e$|set -e\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|' deploy.sh
grep -q AKIA deploy.sh
git commit -qam "chore: deploy with the team key"
git checkout -q HEAD~1 -- deploy.sh
git commit -qm "fix: remove the key from deploy.sh"
