#!/bin/sh
# A commit with the keys, then a commit deleting them: the first still holds them.
set -e
cp template.yaml /tmp/template.yaml.$$
sed -i 's|^          BUCKET: !Ref ArtifactBucket$|&\n          AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE|' template.yaml
grep -q AKIA template.yaml
git commit -qam "fix(iac): give the function credentials"
cp /tmp/template.yaml.$$ template.yaml
rm -f /tmp/template.yaml.$$
git commit -qam "fix(iac): remove the credentials"
