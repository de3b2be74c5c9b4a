#!/bin/sh
# Reference solution: the finished template is copied in; commit it.
set -e
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Reference Solution}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-solution@opslab.invalid}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}"
export GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}"
git add template.yaml
git commit -qm "feat(iac): versioned artefact bucket per environment"
