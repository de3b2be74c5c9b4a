#!/bin/sh
# The reference solution: what a learner types. `opslab pack test` copies
# the other files of solution/ into the workspace, then runs this there.
set -e
chmod +x hello.sh
git add hello.sh
git commit -qm "feat: add hello script"
