#!/bin/sh
# Build stage: produce the artefact that later stages use.
set -e
mkdir -p dist
echo "site built at $(date -u +%Y-%m-%dT%H:%M:%SZ)" > dist/site.txt
echo "build: dist/site.txt"
