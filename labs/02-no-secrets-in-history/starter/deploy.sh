#!/bin/sh
# Deploys the site to the team's artefact bucket. (This lab has no cloud:
# it prints what it would upload, and which key it would use.)
set -e
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

echo "deploying site/ to s3://team-site-artifacts with key ${AWS_ACCESS_KEY_ID%????????????????}****"
for f in site/*; do echo "  upload $f"; done
