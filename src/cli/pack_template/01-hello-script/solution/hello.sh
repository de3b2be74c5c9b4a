#!/bin/sh
echo "Hello, opslab"
