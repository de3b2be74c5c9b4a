#!/bin/sh
# Mistake: the most powerful platform for the simplest app: EKS chosen,
# App Runner rejected.
set -e
sed -i -e 's/^choice: app-runner/choice: eks/' -e 's/^  - eks$/  - app-runner/' decisions/0001-platform.yaml
git commit -qam "docs: run the feedback app on EKS"
