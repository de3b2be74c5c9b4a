#!/bin/sh
# GET / : the page of http://app:8080/, or 502 when nothing answers.
if body=$(timeout 3 wget -q -O - http://app:8080/ 2>/dev/null); then
  printf 'Content-Type: text/html\r\n\r\n%s\n' "$body"
else
  printf 'HTTP/1.0 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\nbad gateway: nothing answers at app:8080\n'
fi
