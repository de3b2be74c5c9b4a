#!/bin/sh
# The tag was made while HEAD was still on the branch's commit.
set -e
git tag -d v1.0.0 >/dev/null
git tag -a v1.0.0 -m "Release 1.0.0" feature/contact-page
