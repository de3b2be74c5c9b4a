#!/bin/sh
# Reference solution: a feature branch, a merge commit, an annotated tag.
set -e
git switch -q -c feature/contact-page
git add site/contact.html
git commit -qm "feat: add the contact page"
git switch -q main
git merge -q --no-ff -m "Merge branch 'feature/contact-page'" feature/contact-page
git tag -a v1.0.0 -m "Release 1.0.0: contact page"
