#!/bin/sh
# Mistake: `-p 18250:8080` publishes on every interface (0.0.0.0).
set -e
sed -i 's|-p 127.0.0.1:18250:8080|-p 18250:8080|' run.sh
sh run.sh >/dev/null
