#!/bin/sh
# Mistake: green got the alias but blue kept it too: clients get v1 or v2 at random.
set -e
docker network disconnect bg-net bg-blue
docker network connect --alias app bg-net bg-blue
