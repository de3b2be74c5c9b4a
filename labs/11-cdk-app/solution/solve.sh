#!/bin/sh
# Reference solution: cdk.json, bin/app.ts and the construct are copied in;
# synthesize the template and commit everything.
set -e
sh synth.sh
git add cdk.json bin lib cdk.out
git commit -qm "feat(cdk): ArtifactStore construct and the StorageStack app"
