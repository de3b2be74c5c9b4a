#!/bin/sh
# Reference solution: the rule file (copied in) gains AppTrafficHigh; commit it.
set -e
git add alerts/app.rules.yml
git commit -qm "feat(alerts): warn when met-app serves over 5 requests a second for 10 minutes"
