#!/usr/bin/env bash
# The first seconds of a fresh process (issue 13's cold start), one command:
#   ./bench/arranque.sh
# builds target/gremio.jar (Maven leaves a jar whose sources did not change as it is, so an
# ahead-of-time cache made from it stays valid), starts it on an empty data dir, prints how long
# until it served its first request, then the first 20 s of load at 64 connections (sales/s, p99, CPU per
# sale, where the CPU went by thread group) and four 10 s windows after it, with the share of the
# last one that the first 20 s reached. Startup is timed to the first answered GET /api/avisos.
# Results are appended to BENCHMARKS.md; the application's log is kept in target/arranque.log.
#   BENCH_JAVA   the java to run it with (default: the one on PATH)
#   BENCH_JVM    extra JVM options, e.g. for JDK 25's ahead-of-time cache, which must come from the
#                same jar at the same path: a training run with "-XX:AOTCacheOutput=target/gremio.aot"
#                (its figures are marked as such), then a measured one with "-XX:AOTCache=target/gremio.aot"
#                (refused when the jar is newer than the cache: the JVM would not say)
#   BENCH_BROKER_APARTE=1  the broker runs in a process of its own (bench/Broker.java); the
#                instance is warmed for 60 s, stopped and started again, and its restart is measured
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/comun.sh
JAVA=${BENCH_JAVA:-java}
read -ra JVM_EXTRA <<< "${BENCH_JVM:-}"
PUERTO=18080
BROKER_PUERTO=19092
DATOS=$(mktemp -d /tmp/gremio-arranque.XXXXXX)
log() { echo "== $*" >&2; }
command -v wrk >/dev/null || { log "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
log "building target/gremio.jar"; ./mvnw -q -B package -DskipTests
for p in $PUERTO $BROKER_PUERTO $((BROKER_PUERTO + 1)); do   # a port in use would time someone else's process
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { log "port $p is in use: stop what listens there first"; exit 1; }
done
cache=$(grep -o -- '-XX:AOTCache=[^ ]*' <<< "${BENCH_JVM:-}" | cut -d= -f2 || true)
if [[ -n "$cache" && ( ! -f "$cache" || target/gremio.jar -nt "$cache" ) ]]; then
  log "$cache is missing or older than target/gremio.jar: make it again with BENCH_JVM=\"-XX:AOTCacheOutput=$cache\""; exit 1
fi
REGISTRO=target/arranque.log; : > "$REGISTRO"

app_pid= broker_pid=
trap 'kill $app_pid $broker_pid 2>/dev/null || true' EXIT
ajustes=(-Dgremio.kafka.embedded.port=$BROKER_PUERTO -Dgremio.kafka.embedded.controller-port=$((BROKER_PUERTO + 1)))
if [[ -n "${BENCH_BROKER_APARTE:-}" ]]; then
  "$JAVA" -Xmx512m -XX:+UseParallelGC -cp "target/classes:target/lib/*" bench/Broker.java "$DATOS/broker" $BROKER_PUERTO $((BROKER_PUERTO + 1)) > "$DATOS/broker.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 300); do grep -qs "BROKER UP" "$DATOS/broker.log" && break; sleep 0.2; done
  grep -qs "BROKER UP" "$DATOS/broker.log" || { log "the broker did not start; see $DATOS/broker.log"; exit 1; }
  ajustes=(-Dgremio.kafka.brokers=127.0.0.1:$BROKER_PUERTO)
fi
arrancar() {   # sets app_pid, and arranque to the seconds until the first served request
  local t0; t0=$(date +%s%N)
  "$JAVA" @config/jvm.options "${JVM_EXTRA[@]}" "${ajustes[@]}" -Dgremio.data.dir="$DATOS/app" \
    -Dcamel.server.port=$PUERTO -jar target/gremio.jar >> "$REGISTRO" 2>&1 &
  app_pid=$!
  local plazo hasta; plazo=$(plazo_arranque); hasta=$((SECONDS + plazo))
  while (( SECONDS < hasta )); do
    kill -0 "$app_pid" 2>/dev/null || { log "the application stopped; see $REGISTRO"; exit 1; }
    curl -sf -o /dev/null "http://127.0.0.1:$PUERTO/api/avisos" && { arranque=$(echo "scale=1; ($(date +%s%N) - $t0) / 1000000000" | bc); return 0; }
    sleep 0.1
  done
  log "the application did not start in $plazo s; see $REGISTRO"; exit 1
}
carga() { wrk -t2 -c64 -d"$1"s --timeout 10s -s bench/venta.lua "http://127.0.0.1:$PUERTO" | grep '^RESULT' | sed 's/^RESULT //'; }

resultados=()
anotar() { echo "$1"; resultados+=("$1"); }
arrancar
if [[ -n "${BENCH_BROKER_APARTE:-}" ]]; then
  log "warming the instance for 60 s, then restarting it"
  carga 60 > /dev/null
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
  arrancar
fi
[[ "${BENCH_JVM:-}" == *AOTCacheOutput* ]] && anotar "training run: the JVM records for the ahead-of-time cache while it runs"
anotar "startup_s=$arranque (to the first answered GET /api/avisos)"
hilos $app_pid > "$DATOS/hilos.antes"; antes=$(cpu_ms $app_pid)
r=$(carga 20)
gastado=$(($(cpu_ms $app_pid) - antes)); hilos $app_pid > "$DATOS/hilos.despues"
anotar "cold-start first_20s connections=64 $r app_cpu_ms_per_sale=$(echo "scale=3; $gastado / $(campo "$r" requests)" | bc)"
anotar "cpu-by-thread first_20s $(reparto_cpu "$DATOS/hilos.antes" "$DATOS/hilos.despues")"
for s in 30 40 50 60; do r2=$(carga 10); anotar "window to_${s}s $r2"; done
anotar "share first_20s/last_window=$(echo "scale=2; $(campo "$r" rps) / $(campo "$r2" rps)" | bc)"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true

commit=$(git describe --always --dirty 2>/dev/null || echo "?")   # before this block dirties the tree
{
  echo
  echo "## $(date -u +%F) — cold start, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), commit $commit"
  echo
  echo "Command: \`${BENCH_JAVA:+BENCH_JAVA=$BENCH_JAVA }${BENCH_JVM:+BENCH_JVM=\"$BENCH_JVM\" }${BENCH_BROKER_APARTE:+BENCH_BROKER_APARTE=1 }./bench/arranque.sh\`"
  echo
  echo '```'
  printf '%s\n' "${resultados[@]}"
  echo '```'
} >> BENCHMARKS.md
rm -rf "$DATOS"
log "done: results appended to BENCHMARKS.md"
