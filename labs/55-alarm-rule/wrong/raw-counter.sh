#!/bin/sh
# Mistake: a threshold on the raw counter, which only goes up: once past 5
# it fires forever.
set -e
sed -i 's|^        expr: sum(rate(app_requests_total.*|        expr: app_requests_total > 5|' alerts/app.rules.yml
grep -q 'expr: app_requests_total > 5' alerts/app.rules.yml
git commit -qam "fix(alerts): simpler expr"
