#!/bin/sh
# Builds the site into dist/ (replaces the manual steps in README.md).
set -e
mkdir -p dist
cp site/* dist/
date -u +%Y-%m-%dT%H:%M:%SZ > dist/BUILD
