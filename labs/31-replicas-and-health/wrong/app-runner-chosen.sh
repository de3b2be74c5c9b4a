#!/bin/sh
# Mistake: App Runner chosen for a team that needs VPC control, task
# definitions and sidecars.
set -e
sed -i -e 's/^choice: ecs-fargate/choice: app-runner/' -e 's/^  - app-runner$/  - ecs-fargate/' decisions/0001-platform.yaml
git commit -qam "docs: run orders-api on App Runner"
