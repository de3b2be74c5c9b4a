#!/bin/sh
# The same work, but the branch commit says "added contact page".
set -e
git tag -d v1.0.0 >/dev/null
git reset -q --hard HEAD~1
git switch -q feature/contact-page
git commit -q --amend -m "added contact page"
git switch -q main
git merge -q --no-ff -m "Merge branch 'feature/contact-page'" feature/contact-page
git tag -a v1.0.0 -m "Release 1.0.0"
