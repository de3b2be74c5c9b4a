#!/bin/sh
# Reference solution: .gitignore and the module files are copied in; commit
# them with the lock file, leaving state and the plugin cache out.
set -e
git add .gitignore README.md infra
git commit -qm "feat(infra): artefact bucket module with remote locked state"
