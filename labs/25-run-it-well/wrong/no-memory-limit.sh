#!/bin/sh
# Mistake: no memory limit: a leak can take the whole machine's memory.
set -e
sed -i 's|--memory 64m --cpus 0.5|--cpus 0.5|' run.sh
sh run.sh >/dev/null
