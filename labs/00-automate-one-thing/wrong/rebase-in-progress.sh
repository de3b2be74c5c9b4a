#!/bin/sh
# `git rebase -i --root` with the commit marked `edit`, never continued.
set -e
GIT_SEQUENCE_EDITOR="sed -i -e 's/^pick/edit/'" git rebase -q -i --root >/dev/null 2>&1
test -d .git/rebase-merge
