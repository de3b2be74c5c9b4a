#!/bin/sh
# The role named by a hard-coded ARN of one account.
set -e
sed -i 's|^      Role: !GetAtt FunctionRole.Arn$|      Role: arn:aws:iam::123456789012:role/report-function|' template.yaml
grep -q 'role/report-function' template.yaml
git commit -qam "fix(iac): point the function at its role"
