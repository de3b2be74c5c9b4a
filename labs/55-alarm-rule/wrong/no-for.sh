#!/bin/sh
# Mistake: no `for:`, so one busy scrape interval pages someone.
set -e
sed -i '/alert: AppTrafficHigh/,$ { /^        for: /d }' alerts/app.rules.yml
git commit -qam "fix(alerts): fire at once"
