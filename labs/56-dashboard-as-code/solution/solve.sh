#!/bin/sh
# Reference solution: the dashboard (copied in) has the two new panels and
# version 2; commit it.
set -e
git add dashboards/app.json
git commit -qm "feat(dashboards): request rate and errors panels for met-app"
