#!/bin/sh
# The team's greeter: prints a greeting for the name it is given.
name="${1:-nobody}"
echo "Hello, $name!"
