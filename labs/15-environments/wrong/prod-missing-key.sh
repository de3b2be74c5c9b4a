#!/bin/sh
# prod.env lost a key: Compose fills ${LOG_LEVEL} with an empty value in prod only.
set -e
sed -i '/^LOG_LEVEL=/d' env/prod.env
git commit -qam "chore(envs): trim prod parameters"
