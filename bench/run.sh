#!/usr/bin/env bash
# The benchmark harness, end to end: bench/run.sh [--smoke] [--rounds N] [--seconds S] [--scenarios a,b] [--no-jmh]
#
# Builds the server and the harness, starts the echo upstreams, nginx and Gatehouse, runs every load
# scenario against direct / nginx / gateway interleaved over several rounds, then the gateway-only
# figures (idle sessions, startup, catalog at 10,000 servers) and the JMH microbenchmarks, and writes
# bench/results/<date>/report.md. --smoke runs everything once, briefly, into bench/target/smoke/ and
# fails only on errors (never on times); CI runs it. See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

smoke=false rounds=5 seconds=10 warmup=3 prime=30 jmh=true build=true only="" policies="" policy_header="" baseline="" plain=""
out="bench/results/$(date +%Y-%m-%d)"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --prime) prime=$2; shift ;;
    --scenarios) only=",$2,"; shift ;;
    --out) out=$2; shift ;;
    --no-jmh) jmh=false ;;
    --no-build) build=false ;;
    --policies) policies=$2; shift ;;
    --plain) plain=$2; shift ;;
    --baseline) baseline=$2; shift ;;
    --policy-header) policy_header=$2; shift ;;
    *) echo "bench/run.sh: unknown option $1 (see bench/README.md)" >&2; exit 2 ;;
  esac
  shift
done
idle_sessions=10000 startup_rounds=5 catalog_servers=10000 catalog_requests=2000
memory_clients=1000 memory_calls=100000 memory_every=10000 memory_warmup=10000
jmh_flags=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
if $smoke; then
  rounds=1 seconds=1 warmup=0.5 prime=1 idle_sessions=200 startup_rounds=1 catalog_servers=200 catalog_requests=20
  memory_clients=100 memory_calls=2000 memory_every=1000 memory_warmup=500
  jmh_flags=(-f 1 -wi 0 -i 1 -w 100ms -r 100ms)
  out=bench/target/smoke
fi

. .mvn/find-jdk.sh
java="$JAVA_HOME/bin/java"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  echo "bench/run.sh: nginx is not installed (Debian: apt-get install -y nginx); it is the reverse proxy we compare with" >&2
  exit 1
fi
if $build; then
  echo "== building the server and the harness"
  ./mvnw -q -B -ntp -DskipTests -pl bench,gatehouse-server -am package
fi
server_jar=$root/gatehouse-server/target/gatehouse.jar
bench_jar=$root/bench/target/gatehouse-bench.jar

started="$(date -u +%Y-%m-%dT%H:%MZ); Gatehouse commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
results=$out/results.jsonl
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Two CPUs: the proxy under test (nginx or Gatehouse) gets CPU 1 to itself; the load generator and the
# echo upstreams share CPU 0. With one CPU everything shares it.
# taskset execs its command, so $! is the process itself (for kill and for reading its RSS).
if [ "$(nproc)" -ge 2 ]; then proxy_cpu=1 load_cpu=0; else proxy_cpu=0 load_cpu=0; fi
on_proxy_cpu=(taskset -c "$proxy_cpu") on_load_cpu=(taskset -c "$load_cpu")

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 12000 ))  # below Linux's ephemeral ports, so a poll never connects to itself
    ss -ltn "( sport = :$p )" | grep -q ":$p" || { echo "$p"; return; }
  done
}
wait_http() { # url, seconds
  for _ in $(seq 1 $(( $2 * 20 ))); do
    curl -sf -o /dev/null "$1" 2>/dev/null && return 0
    curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null | grep -q '^[2-4]' && return 0
    sleep 0.05
  done
  echo "bench/run.sh: $1 did not answer within $2 s" >&2; return 1
}
bench() { "${on_load_cpu[@]}" "$java" -Xmx1g -jar "$bench_jar" "$@"; }

# Four echo upstreams: JSON and SSE answers, each as a session-era and as a 2026-07-28 server.
declare -A echo_ports
for kind in json sse modern modern-sse; do
  echo_ports[$kind]=$(free_port)
  flags=()
  [[ $kind == modern* ]] && flags+=(--modern)
  [[ $kind == *sse ]] && flags+=(--sse)
  "${on_load_cpu[@]}" "$java" -Xmx1g -jar "$bench_jar" echo --port "${echo_ports[$kind]}" "${flags[@]}" \
    >"$work/echo-$kind.log" 2>&1 & pids+=($!)
done
for kind in "${!echo_ports[@]}"; do wait_http "http://127.0.0.1:${echo_ports[$kind]}/mcp" 30; done
echo_port=${echo_ports[json]} echo_sse_port=${echo_ports[sse]}

nginx_port=$(free_port)
mkdir -p "$work/nginx"
sed -e "s#@DIR@#$work/nginx#g" -e "s#@PORT@#$nginx_port#" -e "s#@ECHO_PORT@#$echo_port#" \
  -e "s#@ECHO_SSE_PORT@#$echo_sse_port#" -e "s#@ECHO_MODERN_PORT@#${echo_ports[modern]}#" \
  -e "s#@ECHO_MODERN_SSE_PORT@#${echo_ports[modern-sse]}#" bench/nginx.conf.template >"$work/nginx/nginx.conf"
"${on_proxy_cpu[@]}" "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/nginx-error.log" & nginx_pid=$!; pids+=($nginx_pid)

# Gatehouse as users run it: ./gatehouse (its JVM defaults and start-up archive) on the fat jar, its access
# log on stdout (to a file). GATEHOUSE_BENCH_JAVA_OPTS reaches it as GATEHOUSE_JAVA_OPTS.
# Makes the start-up archive once, before anything is measured.
GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BENCH_JAVA_OPTS:-}" "$root/gatehouse" --version >/dev/null 2>&1 || true
gateway_config() { # port data-dir [policy file]: its YAML goes into every route (indented under it) and, under
  # a line '# top-level', into the top level
  local route_extra="" top_extra=""
  if [ -n "${3:-}" ]; then
    route_extra=$(sed '/^# top-level/,$d' "$3" | sed 's/^/    /')
    top_extra=$(sed -n '/^# top-level/,$p' "$3")
  fi
  cat <<YAML
listen: {host: 127.0.0.1, port: $1}
data-dir: $2
$top_extra
routes:
  - name: echo
    upstream: {url: 'http://127.0.0.1:$echo_port/mcp', transport: streamable-http}
$route_extra
  - name: echo-sse
    upstream: {url: 'http://127.0.0.1:$echo_sse_port/mcp', transport: streamable-http}
$route_extra
  - name: echo-modern
    upstream: {url: 'http://127.0.0.1:${echo_ports[modern]}/mcp', transport: streamable-http, protocol: auto}
$route_extra
  - name: echo-modern-sse
    upstream: {url: 'http://127.0.0.1:${echo_ports[modern-sse]}/mcp', transport: streamable-http, protocol: auto}
$route_extra
YAML
}
gateway_port=$(free_port)
# --plain FILE: the same kind of file as --policies, for the gateway target itself (say, to turn off what
# is on by default, so gateway-policies is measured against a gateway with no policy at all).
gateway_config "$gateway_port" "$work/gateway-data" "$plain" >"$work/gateway.yaml"
"${on_proxy_cpu[@]}" env GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BENCH_JAVA_OPTS:-}" "$root/gatehouse" serve --config "$work/gateway.yaml" \
  >"$work/gateway-access.log" 2>"$work/gateway.log" & gateway_pid=$!; pids+=($gateway_pid)
wait_http "http://127.0.0.1:$gateway_port/readyz" 60
wait_http "http://127.0.0.1:$nginx_port/mcp" 30
targets=(direct nginx gateway)
# --policies FILE: a second gateway, the same build with the policy set of FILE on its routes, measured beside
# the one without policies, so a policy's cost is a ratio of the same run.
if [ -n "$policies" ]; then
  policy_port=$(free_port)
  gateway_config "$policy_port" "$work/policy-data" "$policies" >"$work/gateway-policies.yaml"
  # A policy set with a line '# api-key: NAME' gets consumer NAME and an API key in its store, sent by its load.
  key_consumer=$(sed -n 's/^# api-key: *\([A-Za-z0-9._-]*\).*/\1/p' "$policies" | head -1)
  if [ -n "$key_consumer" ]; then
    "$root/gatehouse" consumers create "$key_consumer" --kind application --config "$work/gateway-policies.yaml" >/dev/null
    bench_key=$("$root/gatehouse" keys create "$key_consumer" --config "$work/gateway-policies.yaml" | sed -n 's/^key: *\([^ ]*\).*/\1/p')
    [ -n "$bench_key" ] || { echo "bench: could not create an API key for $key_consumer" >&2; exit 1; }
    policy_header="Authorization: Bearer $bench_key"
  fi
  "${on_proxy_cpu[@]}" env GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BENCH_JAVA_OPTS:-}" "$root/gatehouse" serve --config "$work/gateway-policies.yaml" \
    >"$work/gateway-policies-access.log" 2>"$work/gateway-policies.log" & policy_pid=$!; pids+=($policy_pid)
  wait_http "http://127.0.0.1:$policy_port/readyz" 60
  targets+=(gateway-policies)
fi
# --baseline JAR: another build of Gatehouse (say, the last commit's) with the same configuration (--plain too), measured
# beside this one: the A/B run a change on the request path gets.
if [ -n "$baseline" ]; then
  baseline_port=$(free_port)
  gateway_config "$baseline_port" "$work/baseline-data" "$plain" >"$work/baseline.yaml"
  "${on_proxy_cpu[@]}" env GATEHOUSE_JAR="$baseline" GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BASELINE_JAVA_OPTS-${GATEHOUSE_BENCH_JAVA_OPTS:-}}" \
    "$root/gatehouse" serve --config "$work/baseline.yaml" \
    >"$work/baseline-access.log" 2>"$work/baseline.log" & baseline_pid=$!; pids+=($baseline_pid)
  wait_http "http://127.0.0.1:$baseline_port/readyz" 60
  targets+=(baseline)
fi

pid_of() { # target: the proxy process whose CPU is measured (nginx's master; its workers are counted with it)
  case "$1" in nginx) echo "$nginx_pid" ;; gateway) echo "$gateway_pid" ;; gateway-policies) echo "$policy_pid" ;; baseline) echo "$baseline_pid" ;; *) echo 0 ;; esac
}
url() { # target, what the upstream answers: json, sse, modern or modern-sse (2026-07-28 echoes)
  local suffix=""
  [ "$2" = json ] || suffix="-$2"
  case "$1" in
    direct) echo "http://127.0.0.1:${echo_ports[$2]}/mcp" ;;
    nginx) echo "http://127.0.0.1:$nginx_port/mcp$suffix" ;;
    gateway) echo "http://127.0.0.1:$gateway_port/mcp/echo$suffix" ;;
    gateway-policies) echo "http://127.0.0.1:$policy_port/mcp/echo$suffix" ;;
    baseline) echo "http://127.0.0.1:$baseline_port/mcp/echo$suffix" ;;
  esac
}
header_of() { # target: extra request headers its load sends (the policy set's credential)
  if [ "$1" = gateway-policies ] && [ -n "$policy_header" ]; then echo "--header"; echo "$policy_header"; fi
}
wanted() { [ -z "$only" ] || [[ "$only" == *",$1,"* ]]; }

# name | upstream answers | load options
scenarios=(
  "call-1k-c16|json|--mode closed --sessions 16 --payload 1024"
  "call-1k-c128|json|--mode closed --sessions 128 --payload 1024"
  "call-64k-c16|json|--mode closed --sessions 16 --payload 65536"
  "rate-500|json|--mode open --rate 500 --sessions 16 --payload 1024"
  "rate-3000|json|--mode open --rate 3000 --sessions 16 --payload 1024"
  "sse-1k-c16|sse|--mode closed --sessions 16 --payload 1024"
  "sse-1k-c128|sse|--mode closed --sessions 128 --payload 1024"
  "setup-c1|json|--mode setup --sessions 1"
  "modern-1k-c16|modern|--mode closed --sessions 16 --payload 1024 --protocol 2026-07-28"
  "modern-sse-1k-c16|modern-sse|--mode closed --sessions 16 --payload 1024 --protocol 2026-07-28"
)
# A JVM on one CPU takes long to finish compiling its hot path (C2 competes with the load for the CPU), so
# every target first serves unrecorded load for ${prime}s; the per-scenario warm-up then only settles the load.
any_load=false
for s in "${scenarios[@]}"; do wanted "${s%%|*}" && any_load=true; done
$any_load && echo "== priming every target with ${prime}s of load (not recorded)"
$any_load && for target in "${targets[@]}"; do
  mapfile -t extra < <(header_of "$target")
  bench load --url "$(url "$target" json)" --scenario prime --target "$target" --mode closed --sessions 16 \
    --warmup 0 --seconds "$prime" --out "$work/prime.jsonl" "${extra[@]}" >/dev/null
done
$any_load && bench load --url "$(url gateway sse)" --scenario prime --target gateway --mode closed --sessions 16 \
  --warmup 0 --seconds "$(( prime / 4 + 1 ))" --out "$work/prime.jsonl" >/dev/null
# The 2026-07-28 path (no session, the era probe once) has code of its own to compile in each gateway.
any_modern=false
for s in "${scenarios[@]}"; do [[ $s == modern* ]] && wanted "${s%%|*}" && any_modern=true; done
$any_modern && for target in "${targets[@]}"; do
  case "$target" in direct | nginx) continue ;; esac
  mapfile -t extra < <(header_of "$target")
  bench load --url "$(url "$target" modern)" --scenario prime --target "$target" --mode closed --sessions 16 \
    --protocol 2026-07-28 --warmup 0 --seconds "$(( prime / 2 + 1 ))" --out "$work/prime.jsonl" "${extra[@]}" >/dev/null
done
$any_load && echo "== load scenarios: $rounds round(s), ${warmup}s warm-up + ${seconds}s each, targets interleaved"
for round in $(seq 1 "$rounds"); do
  # Rotate the order each round so no target always runs first (or right after the same neighbour).
  shift_by=$(( (round - 1) % ${#targets[@]} ))
  order=("${targets[@]:$shift_by}" "${targets[@]:0:$shift_by}")
  for s in "${scenarios[@]}"; do
    IFS='|' read -r name answers options <<<"$s"
    wanted "$name" || continue
    for target in "${order[@]}"; do
      mapfile -t extra < <(header_of "$target")
      # shellcheck disable=SC2086
      bench load --url "$(url "$target" "$answers")" --scenario "$name" --target "$target" --round "$round" \
        --warmup "$warmup" --seconds "$seconds" --pid "$(pid_of "$target")" --out "$results" "${extra[@]}" $options
    done
  done
done

if wanted idle-10k; then
  echo "== $idle_sessions idle sessions on a fresh gateway"
  idle_port=$(free_port)
  gateway_config "$idle_port" "$work/idle-data" >"$work/idle.yaml"
  "${on_proxy_cpu[@]}" env GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BENCH_JAVA_OPTS:-}" "$root/gatehouse" serve --config "$work/idle.yaml" \
    >/dev/null 2>"$work/idle.log" & idle_pid=$!; pids+=($idle_pid)
  wait_http "http://127.0.0.1:$idle_port/readyz" 60
  bench load --url "http://127.0.0.1:$idle_port/mcp/echo" --mode idle --sessions "$idle_sessions" --pid "$idle_pid" \
    --warmup 2 --scenario idle-10k --target gateway --out "$results"
  kill "$idle_pid"
fi

if wanted modern-rss; then
  echo "== memory: $memory_clients 2026-07-28 clients, $memory_calls calls after $memory_warmup on a fresh gateway"
  memory_port=$(free_port)
  gateway_config "$memory_port" "$work/memory-data" "$plain" >"$work/memory.yaml"
  "${on_proxy_cpu[@]}" env GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BENCH_JAVA_OPTS:-}" "$root/gatehouse" serve --config "$work/memory.yaml" \
    >/dev/null 2>"$work/memory.log" & memory_pid=$!; pids+=($memory_pid)
  wait_http "http://127.0.0.1:$memory_port/readyz" 60
  bench memory --url "http://127.0.0.1:$memory_port/mcp/echo-modern" --pid "$memory_pid" --clients "$memory_clients" \
    --calls "$memory_calls" --every "$memory_every" --warmup-calls "$memory_warmup" --scenario modern-rss --out "$results"
  kill "$memory_pid"
fi

if wanted startup; then
  echo "== startup to ready, $startup_rounds round(s)"
  startup_port=$(free_port)
  gateway_config "$startup_port" "$work/startup-data" >"$work/startup.yaml"
  for round in $(seq 1 "$startup_rounds"); do
    # Unpinned: starting is not measured beside a load, so it gets the machine's 2 CPUs like an operator's start.
    bench startup --command "env GATEHOUSE_JAVA_OPTS=${GATEHOUSE_BENCH_JAVA_OPTS:-} $root/gatehouse serve --config $work/startup.yaml" \
      --port "$startup_port" --log "$work/startup.log" --round "$round" --out "$results"
  done
fi

if wanted catalog; then
  echo "== catalog: list and search at $catalog_servers servers"
  catalog_port=$(free_port)
  gateway_config "$catalog_port" "$work/catalog-data" >"$work/catalog.yaml"
  bench catalog-seed --count "$catalog_servers" --out "$work/catalog-seed.json"
  "$java" -jar "$server_jar" catalog import --config "$work/catalog.yaml" "$work/catalog-seed.json" >"$work/catalog-import.log" 2>&1 \
    || { cat "$work/catalog-import.log" >&2; exit 1; }
  "${on_proxy_cpu[@]}" env GATEHOUSE_JAVA_OPTS="${GATEHOUSE_BENCH_JAVA_OPTS:-}" "$root/gatehouse" serve --config "$work/catalog.yaml" \
    >/dev/null 2>"$work/catalog.log" & catalog_pid=$!; pids+=($catalog_pid)
  wait_http "http://127.0.0.1:$catalog_port/readyz" 60
  bench catalog-load --base-url "http://127.0.0.1:$catalog_port" --requests "$catalog_requests" --round 1 --out "$results"
  kill "$catalog_pid"
fi

jmh_json=""
if $jmh && wanted jmh; then
  echo "== JMH microbenchmarks of the hot path"
  jmh_json=$out/jmh.json
  "$java" -cp "$bench_jar" org.openjdk.jmh.Main "${jmh_flags[@]}" -rf json -rff "$jmh_json" 'io.gatehouse.bench.jmh' \
    >"$out/jmh.txt" 2>&1 || { tail -40 "$out/jmh.txt" >&2; exit 1; }
fi

{
  echo "- Started: $started."
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; memory $(free -g | awk '/Mem:/{print $2}') GiB; kernel $(uname -r)."
  echo "- JDK: $("$java" -version 2>&1 | head -n1); nginx: $("$nginx" -v 2>&1 | cut -d/ -f2)."
  echo "- Pinning: the proxy under test (nginx, 1 worker; or Gatehouse) on CPU $proxy_cpu, alone; the load generator and the echo upstreams on CPU $load_cpu. 'direct' therefore runs generator and upstream on one CPU."
  echo "- Method: every target first serves ${prime}s of unrecorded load (the JVM's compiler needs it on one CPU); then $rounds round(s) of ${warmup}s warm-up + ${seconds}s measured per scenario and target; the order of direct/nginx/gateway rotates each round. One keep-alive connection and one MCP session per simulated client (a 2026-07-28 client has no session: every POST carries its version, capabilities and client in _meta and headers). Open-loop latencies count from when a call was due (coordinated omission corrected)."
  echo "- Gatehouse runs as ./gatehouse runs it (its JVM defaults and the start-up archive it makes once per build)${GATEHOUSE_BENCH_JAVA_OPTS:+ plus $GATEHOUSE_BENCH_JAVA_OPTS}, its access log written to a file; nginx writes its access log too. Startup is measured unpinned (both CPUs), 5 starts."
  if wanted modern-rss; then
    echo "- Memory (modern-rss): a fresh gateway; $memory_clients 2026-07-28 clients, each on its own keep-alive connection, make $memory_warmup warm-up calls, then $memory_calls calls (1 KiB) in steps of $memory_every; at each point the load pauses while the gateway's VmRSS, its heap in use and its heap after a full GC forced with jcmd GC.run are read."
  fi
  echo "- Reproduce: \`bench/run.sh\`$($smoke && echo ' --smoke')."
} >"$out/machine.md"

"$java" -jar "$bench_jar" report --results "$results" ${jmh_json:+--jmh "$jmh_json"} --machine "$out/machine.md" \
  --title "Gatehouse benchmark, $(date +%Y-%m-%d)$($smoke && echo ' (smoke: too short to read as figures)')" \
  --out "$out/report.md" --fail-on-errors
echo "== report: $out/report.md"
