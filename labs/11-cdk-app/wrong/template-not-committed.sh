#!/bin/sh
# The source is committed, the synthesized template is not.
set -e
git rm -rq --cached cdk.out
git commit -qm "feat(cdk): ArtifactStore construct"
