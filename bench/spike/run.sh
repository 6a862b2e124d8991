#!/usr/bin/env bash
# The data-plane I/O spike of docs/decisions/0009: the echo path through each I/O-layer candidate, beside
# direct, nginx and the gateway as it was, interleaved. Needs ./mvnw install -DskipTests and bench/run.sh's tools.
# Proxy under test pinned on CPU 1; generator and echo upstreams on CPU 0. CPU per call from /proc.
set -euo pipefail
rounds=${ROUNDS:-3} seconds=${SECONDS_PER:-10} warm=${WARM:-3} prime=${PRIME:-20}
targets=(${TARGETS:-direct nginx gateway jetty-blocking helidon netty})
scen=(${SCENARIOS:-call-1k-c16 call-1k-c128 call-64k-c16 sse-1k-c16 sse-1k-c128})
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/.mvn/find-jdk.sh"
java=$JAVA_HOME/bin/java
bench_jar=$root/bench/target/gatehouse-bench.jar
server_jar=$root/gatehouse-server/target/gatehouse.jar
(cd "$here" && "$root/mvnw" -q -B -ntp compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
cp="$here/target/classes:$(cat "$here/target/cp.txt")"
out=${OUT:-$here/target/results-$(date +%H%M).jsonl}
work=$(mktemp -d /tmp/spike.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
P=(taskset -c 1) L=(taskset -c 0)
wait_http() { local hp=${1#http://}; hp=${hp%%/*}; for _ in $(seq 1 600); do (exec 3<>/dev/tcp/${hp%:*}/${hp#*:}) 2>/dev/null && return 0; sleep 0.05; done; echo "no answer: $1" >&2; return 1; }
declare -A pid url_json url_sse
e1=21001 e2=21002; port=21010
"${L[@]}" $java -Xmx1g -jar $bench_jar echo --port $e1 >$work/e1.log 2>&1 & pids+=($!)
"${L[@]}" $java -Xmx1g -jar $bench_jar echo --port $e2 --sse >$work/e2.log 2>&1 & pids+=($!)
wait_http http://127.0.0.1:$e1/mcp; wait_http http://127.0.0.1:$e2/mcp
url_json[direct]=http://127.0.0.1:$e1/mcp; url_sse[direct]=http://127.0.0.1:$e2/mcp
start_target() { # name port(json) port(sse)
  local t=$1 pj=$2 ps=$3
  case $t in
    nginx)
      mkdir -p $work/nginx
      sed -e "s#@DIR@#$work/nginx#g" -e "s#@PORT@#$pj#" -e "s#@ECHO_PORT@#$e1#" -e "s#@ECHO_SSE_PORT@#$e2#" \
        $root/bench/nginx.conf.template >$work/nginx/nginx.conf
      "${P[@]}" /usr/sbin/nginx -p $work/nginx -c $work/nginx/nginx.conf -e $work/nginx/err.log & pid[$t]=$!; pids+=($!)
      url_json[$t]=http://127.0.0.1:$pj/mcp; url_sse[$t]=http://127.0.0.1:$pj/mcp-sse ;;
    gateway)
      cat >$work/gw.yaml <<YAML
listen: {host: 127.0.0.1, port: $pj}
data-dir: $work/gw-data
routes:
  - name: echo
    upstream: {url: 'http://127.0.0.1:$e1/mcp', transport: streamable-http}
  - name: echo-sse
    upstream: {url: 'http://127.0.0.1:$e2/mcp', transport: streamable-http}
YAML
      "${P[@]}" $java ${GW_OPTS:-} -jar $server_jar serve --config $work/gw.yaml >$work/gw-access.log 2>$work/gw.log & pid[$t]=$!; pids+=($!)
      url_json[$t]=http://127.0.0.1:$pj/mcp/echo; url_sse[$t]=http://127.0.0.1:$pj/mcp/echo-sse ;;
    *)
      local cls; case $t in jetty-blocking) cls=spike.JettyBlockingProxy;; helidon) cls=spike.HelidonProxy;; netty) cls=spike.NettyProxy;; netty-nio) cls=spike.NettyProxy;; esac
      # one process per upstream kind: a JSON one and an SSE one, both on CPU 1 (only one is loaded at a time)
      "${P[@]}" $java ${SPIKE_OPTS:-} -cp "$cp" $cls $pj http://127.0.0.1:$e1/mcp >$work/$t.log 2>&1 & pid[$t]=$!; pids+=($!)
      "${P[@]}" $java ${SPIKE_OPTS:-} -cp "$cp" $cls $ps http://127.0.0.1:$e2/mcp >$work/$t-sse.log 2>&1 & pid[$t-sse]=$!; pids+=($!)
      url_json[$t]=http://127.0.0.1:$pj/mcp/echo; url_sse[$t]=http://127.0.0.1:$ps/mcp/echo ;;
  esac
}
for t in "${targets[@]}"; do
  [ $t = direct ] && continue
  start_target $t $port $((port+1)); port=$((port+2))
done
sleep 2
for t in "${targets[@]}"; do case $t in direct) ;; gateway) wait_http "${url_json[$t]%/mcp/echo}/readyz" ;; *) wait_http "${url_json[$t]}" ;; esac; done
ticks() { local t=0 q; for q in $1 $(pgrep -P $1); do t=$((t + $(awk '{print $14+$15}' /proc/$q/stat))); done; echo $t; }
load() { "${L[@]}" $java -Xmx1g -jar $bench_jar load "$@"; }
opts() {
  case $1 in
    call-1k-c16|sse-1k-c16) echo "--mode closed --sessions 16 --payload 1024" ;;
    call-1k-c128|sse-1k-c128) echo "--mode closed --sessions 128 --payload 1024" ;;
    call-64k-c16) echo "--mode closed --sessions 16 --payload 65536" ;;
    rate-3000) echo "--mode open --rate 3000 --sessions 16 --payload 1024" ;;
  esac
}
echo "== priming ${prime}s each"
for t in "${targets[@]}"; do
  load --url "${url_json[$t]}" --scenario prime --target $t --mode closed --sessions 16 --warmup 0 --seconds $prime --out $work/prime.jsonl >/dev/null
  load --url "${url_sse[$t]}" --scenario prime --target $t --mode closed --sessions 16 --warmup 0 --seconds $((prime/2)) --out $work/prime.jsonl >/dev/null
done
for r in $(seq 1 $rounds); do
  n=${#targets[@]}; s=$(( (r-1) % n )); order=("${targets[@]:$s}" "${targets[@]:0:$s}")
  for sc in "${scen[@]}"; do
    for t in "${order[@]}"; do
      if [[ $sc == sse-* ]]; then u=${url_sse[$t]}; p=${pid[$t-sse]:-${pid[$t]:-}}; else u=${url_json[$t]}; p=${pid[$t]:-}; fi
      pidopt=(); [ -n "$p" ] && pidopt=(--pid $p)
      load --url "$u" --scenario $sc --target $t --round $r --warmup $warm --seconds $seconds --out $out "${pidopt[@]}" $(opts $sc) >/dev/null
      line=$(tail -n1 $out)
      echo "$r $sc $t $(echo "$line" | sed 's/.*"throughput":\([0-9.]*\).*"p50":\([0-9.]*\).*"p99":\([0-9.]*\).*/\1 calls\/s p50 \2 p99 \3/') $(echo "$line" | grep -o '"cpu_us_per_call":[0-9.]*')"
    done
  done
done
echo "results: $out"
