#!/bin/sh
# Starts the web server. Its own messages go to the container's log too.
. /app/log.sh
echo "starting httpd on port 8080"
exec httpd -f -p 8080 -h /www
