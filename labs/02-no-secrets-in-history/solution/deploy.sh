#!/bin/sh
# Deploys the site to the team's artefact bucket. (This lab has no cloud:
# it prints what it would upload, and which key it would use.)
set -e
# Credentials come from the environment, or from .env (never committed).
if [ -f .env ]; then . ./.env; fi
: "${AWS_ACCESS_KEY_ID:?set it in .env or in the environment}"
: "${AWS_SECRET_ACCESS_KEY:?set it in .env or in the environment}"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

echo "deploying site/ to s3://team-site-artifacts with key ${AWS_ACCESS_KEY_ID%????????????????}****"
for f in site/*; do echo "  upload $f"; done
