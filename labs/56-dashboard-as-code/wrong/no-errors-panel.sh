#!/bin/sh
# Mistake: only the request rate: a spike of failures would not show.
set -e
cat > dashboards/app.json <<'J'
{
  "uid": "met-app",
  "title": "met-app",
  "version": 2,
  "panels": [
    { "id": 1, "type": "stat", "title": "Up",
      "targets": [ { "refId": "A", "expr": "up{job=\"met-app\"}" } ] },
    { "id": 2, "type": "timeseries", "title": "Request rate",
      "targets": [ { "refId": "A", "expr": "sum by (path) (rate(app_requests_total[5m]))" } ] }
  ]
}
J
git commit -qam "feat(dashboards): request rate"
