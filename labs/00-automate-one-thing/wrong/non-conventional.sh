#!/bin/sh
# A change committed with a message that has no type.
set -e
printf '\nRun ./scripts/build.sh to build.\n' >> README.md
git commit -qam "updated readme"
