#!/bin/sh
# The keys stayed under the function's variables, and were committed.
set -e
sed -i 's|^          BUCKET: !Ref ArtifactBucket$|&\n          AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n          AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|' template.yaml
grep -q AKIA template.yaml
git commit -qam "fix(iac): give the function credentials"
