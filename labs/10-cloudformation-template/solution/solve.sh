#!/bin/sh
# Reference solution: the finished template is copied in; commit it once,
# without the keys, so no commit ever holds them.
set -e
git add template.yaml README.md
git commit -qm "feat(iac): artefact bucket and report function with an IAM role"
