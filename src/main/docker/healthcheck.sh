#!/bin/bash
# The container's HEALTHCHECK: asks the service's liveness probe over plain bash (/dev/tcp), so that Docker's check
# every 30 s costs a shell, not a second JVM, and the image needs no curl. It follows the ports the service itself
# reads: the management port when actuator is served on one (MANAGEMENT_SERVER_PORT), else SERVER_PORT, else 8080.
# Exit 0 when /actuator/health/liveness answers 200, 1 otherwise (refused, silent, or any other status).
set -u
port="${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}"
case "$port" in
  '' | *[!0-9]*) echo "healthcheck: port '$port' is not a number" >&2; exit 1 ;;
esac
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || exit 1
printf 'GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
IFS= read -r -t 3 status <&3 || exit 1
case "$status" in
  'HTTP/1.'[01]' 200 '* | 'HTTP/1.'[01]' 200'$'\r') exit 0 ;;
  *) exit 1 ;;
esac
