#!/bin/sh
# Mistake: the dashboard is edited but never committed, so it never deploys.
set -e
git reset -q --soft HEAD~1
