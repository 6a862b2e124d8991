#!/usr/bin/env bash
# Makes sure the local PostgreSQL and Redis the tests use are running (they normally are; CI machines
# start them before the session). Starts whichever is down; fails loudly if one cannot be started.
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 || { echo "services: PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }

# The limits tests also start their own redis-server children (to stop Redis mid-test), so the
# binary must be on the PATH even where a Redis service already runs.
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "services: installing redis-server"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  # The package may start a system Redis on 6379, which is the one the tests share anyway.
fi
mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping
