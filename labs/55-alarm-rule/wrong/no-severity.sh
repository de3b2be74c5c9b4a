#!/bin/sh
# Mistake: no severity label, so routing cannot tell a warning from a page.
set -e
sed -i '/alert: AppTrafficHigh/,$ { /^        labels:/d; /^          severity: /d }' alerts/app.rules.yml
git commit -qam "fix(alerts): drop labels"
