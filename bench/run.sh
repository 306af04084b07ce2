#!/usr/bin/env bash
# Gremio's benchmark, one command on a fresh machine (JDK 17, Debian packages, PostgreSQL on
# 127.0.0.1:5432): ./bench/run.sh  — results are printed and appended to BENCHMARKS.md.
#
#  1. ingestion: POST /api/ventas with wrk at 16, 64 and 256 connections, each 202 given only
#     after Kafka acknowledged the sale's four records (acks=all); the embedded default (H2).
#  2. the machine's limit: Kafka's own ProducerPerformance against the same embedded broker.
#  3. end-to-end lag from the 202 to the sale being counted, at 1,000 sales/s (store on PostgreSQL,
#     whose rows can be read while the application runs).
#  4. the daily aggregation over 100k and 1M sales of one day, on H2 and PostgreSQL.
#  5. peak memory (RSS) of the application process, heap capped at 512 MB.
# After each ingestion level it also tells whether the consumers kept up: the records they had
# not yet stored when the load stopped, and how long until they had; and the CPU the application
# process (HTTP, broker, consumers, store) spent per sale. Kafka's own CPU per four records is
# measured in the same run (ProducerPerformance's process plus the broker's share of ours), and
# the ratio of the two is printed: machines here vary up to 4x in speed, the ratio far less.
# The first 20 s after the first served request are measured on their own (cold start).
# BENCH_NIVELES="64" BENCH_SEGUNDOS=300 BENCH_PARTES=1 is a soak run: five minutes at one level.
# BENCH_JFR=1 records a Java Flight Recorder profile of each application run in target/bench-*.jfr
# (read it with `jfr print --events jdk.ExecutionSample` or JDK Mission Control).
set -euo pipefail
cd "$(dirname "$0")/.."

DURACION=${BENCH_SEGUNDOS:-20}
# A fresh JVM spends its first minute compiling (JFR: the JIT threads took a quarter of the CPU
# 80 s into a run): every measurement starts after this many seconds of the same load
CALENTAR=${BENCH_CALENTAR:-60}
PARTES=${BENCH_PARTES:-1 2 3 4}   # which of the parts below to run
parte() { [[ " $PARTES " == *" $1 "* ]]; }
PUERTO=18080
BROKER_PUERTO=19092
DATOS=$(mktemp -d /tmp/gremio-bench.XXXXXX)
PG=jdbc:postgresql://127.0.0.1:5432/
# BENCH_JAVA: the java that runs the application, Kafka's ProducerPerformance and the measuring
# programs (default: the one on PATH); BENCH_JVM: extra JVM options for the application (to
# measure one against another)
JAVA=${BENCH_JAVA:-java}
read -ra JVM_EXTRA <<< "${BENCH_JVM:-}"
JAVA_APP=("$JAVA" @config/jvm.options "${JVM_EXTRA[@]}")   # the options README's run command uses
log() { echo "== $*" >&2; }

command -v wrk >/dev/null || { log "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
log "building target/gremio.jar"; ./mvnw -q -B package -DskipTests
# run from a snapshot of what was just built (jar, libraries, config, routes), so the tree can
# change while the benchmark runs
APP="$DATOS/app"
mkdir -p "$APP/target"
cp -r target/gremio.jar target/lib target/classes "$APP/target/"
cp -r config routes bench kafka-topics.sh "$APP/"
RAIZ=$PWD
cd "$APP"

app_pid=
arrancar() { # $1 = data dir, rest = extra -D settings
  local dir=$1; shift
  local perfil=()
  [[ -n "${BENCH_JFR:-}" ]] && perfil=(-XX:StartFlightRecording=filename="$RAIZ/target/bench-$(basename "$dir").jfr,settings=profile,dumponexit=true")
  "${JAVA_APP[@]}" "${perfil[@]}" "$@" -Dgremio.data.dir="$dir" -Dcamel.server.port=$PUERTO \
    -Dgremio.kafka.embedded.port=$BROKER_PUERTO -Dgremio.kafka.embedded.controller-port=$((BROKER_PUERTO + 1)) \
    -jar target/gremio.jar > "$dir.log" 2>&1 &
  app_pid=$!
  local plazo hasta; plazo=$(plazo_arranque); hasta=$((SECONDS + plazo))
  while (( SECONDS < hasta )); do
    curl -sf -o /dev/null "http://127.0.0.1:$PUERTO/api/avisos" && return 0
    sleep 0.2
  done
  log "the application did not start in $plazo s; see $dir.log"; exit 1
}
parar() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; }
. bench/comun.sh   # cpu_ms, hilos, reparto_cpu, campo, plazo_arranque
rss_pico() { grep VmHWM "/proc/$app_pid/status" | awk '{printf "%.0f", $2/1024}'; }
psql_pg() { psql -h 127.0.0.1 -U postgres -d postgres -qAtc "$1" 2>/dev/null; }
trap 'kill $app_pid 2>/dev/null || true' EXIT

resultados=()
anotar() { echo "$1"; resultados+=("$1"); }

if parte 1 || parte 2; then
log "1. ingestion (embedded default: in-process broker, H2), ${DURACION}s per level"
arrancar "$DATOS/embebido"
cpu_venta_64=()
aceptadas=0   # every sale answered 202, warm-up included: the store must hold each exactly once
sumar() { local n=${1#*requests=}; n=${n%% *}; [[ "$1" == *" errors_status=0 "* ]] || { log "some requests failed: $1"; exit 1; }; aceptadas=$((aceptadas + n)); }
# cold start: the first 20 s after the first served request, at 64 connections
antes=$(cpu_ms $app_pid)
r=$(wrk -t2 -c64 -d20s --timeout 10s -s bench/venta.lua "http://127.0.0.1:$PUERTO" | grep '^RESULT')
sumar "$r"
anotar "cold-start first_20s connections=64 ${r#RESULT } app_cpu_ms_per_sale=$(echo "scale=3; ($(cpu_ms $app_pid) - $antes) / $(campo "$r" requests)" | bc)"
sumar "$(wrk -t2 -c64 -d$((CALENTAR > 20 ? CALENTAR - 20 : 1))s --timeout 10s -s bench/venta.lua "http://127.0.0.1:$PUERTO" | grep '^RESULT')"   # warm-up
for c in ${BENCH_NIVELES:-16 64 256}; do   # connection levels; keep 64, the target's level
  hilos $app_pid > "$DATOS/hilos.antes"
  antes=$(cpu_ms $app_pid)
  r=$(wrk -t2 -c$c -d${DURACION}s --timeout 10s -s bench/venta.lua "http://127.0.0.1:$PUERTO" | grep '^RESULT')
  gastado=$(($(cpu_ms $app_pid) - antes))
  hilos $app_pid > "$DATOS/hilos.despues"
  sumar "$r"
  p=$("$JAVA" -cp "target/lib/*" bench/Pendientes.java 127.0.0.1:$BROKER_PUERTO 2>/dev/null | grep '^RESULT')
  cpu_venta=$(echo "scale=3; $gastado / $(campo "$r" requests)" | bc)
  [[ $c == 64 ]] && cpu_venta_64+=("$cpu_venta")
  anotar "ingestion connections=$c ${r#RESULT } ${p#RESULT } app_cpu_ms_per_sale=$cpu_venta"
  anotar "cpu-by-thread connections=$c $(reparto_cpu "$DATOS/hilos.antes" "$DATOS/hilos.despues")"
done
ventas_por_s=$(printf '%s\n' "${resultados[@]}" | awk '/^ingestion connections=64 / { for (i=1;i<=NF;i++) if ($i ~ /^rps=/) { sub("rps=","",$i); print $i } }' | head -1)

log "2. Kafka's ProducerPerformance against the same broker (200-byte records, acks=all, linger.ms=5)"
GREMIO_CLASSPATH="target/gremio.jar:target/lib/*" GREMIO_TOPICOS=bench-limite \
  ./kafka-topics.sh --bootstrap-server 127.0.0.1:$BROKER_PUERTO > /dev/null
# Kafka's CPU for the same records: the producer's process (user + system, /usr/bin/time) plus
# what the broker, inside our process, spent meanwhile (our consumers do not read this topic)
registros_pp=1000000
antes=$(cpu_ms $app_pid)
pp=$(/usr/bin/time -f '%U %S' -o "$DATOS/pp.cpu" "$JAVA" -cp "target/gremio.jar:target/lib/*" org.apache.kafka.tools.ProducerPerformance --topic bench-limite \
  --num-records $registros_pp --record-size 200 --throughput -1 \
  --producer-props bootstrap.servers=127.0.0.1:$BROKER_PUERTO acks=all linger.ms=5 2>/dev/null | tail -1)
broker_ms=$(($(cpu_ms $app_pid) - antes))
productor_ms=$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$DATOS/pp.cpu")
kafka_4=$(echo "scale=4; 4 * ($productor_ms + $broker_ms) / $registros_pp" | bc)
limite=$(echo "$pp" | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec.*/\1/')
anotar "producer-performance records_per_s=$limite ($pp)"
anotar "kafka_cpu_ms_per_4_records=$kafka_4 (producer ${productor_ms} ms + broker ${broker_ms} ms for $registros_pp records)"
for v in "${cpu_venta_64[@]}"; do   # one line per 64-connection level, in the order they ran
  anotar "cpu_ratio app_cpu_per_sale(64 connections)/kafka_cpu_per_4_records=$(echo "scale=1; $v / $kafka_4" | bc)x ($v ms / $kafka_4 ms)"
done
anotar "ratio our_records_per_s(4 x $ventas_por_s sales/s at 64 connections)/limit=$(echo "scale=2; 4 * $ventas_por_s / $limite" | bc)"
anotar "peak-rss-embedded-default_mb=$(rss_pico) (heap -Xmx512m)"
parar
anotar "stored-check answered202=$aceptadas $("$JAVA" -cp "target/lib/*" bench/Contar.java "jdbc:h2:file:$DATOS/embebido/gremio;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" | grep '^RESULT' | sed 's/^RESULT //')"
fi

if parte 3; then
log "3. end-to-end lag at 1,000 sales/s (embedded broker, store on PostgreSQL)"
psql_pg "DROP DATABASE IF EXISTS gremio_bench WITH (FORCE)"; psql_pg "CREATE DATABASE gremio_bench"
arrancar "$DATOS/lag" -Dgremio.db.url=${PG}gremio_bench -Dgremio.db.user=postgres
anotar "e2e $("$JAVA" -cp "target/lib/*" bench/Lag.java "http://127.0.0.1:$PUERTO" 1000 $DURACION ${PG}gremio_bench $CALENTAR | grep '^RESULT' | sed 's/^RESULT //')"
anotar "peak-rss-lag-run_mb=$(rss_pico)"
parar
psql_pg "DROP DATABASE IF EXISTS gremio_bench WITH (FORCE)"
fi

if parte 4; then
log "4. daily aggregation over one day's sales"
for n in 100000 1000000; do
  anotar "$("$JAVA" -Xmx512m -cp "target/classes:target/lib/*" bench/Agregacion.java h2 $n 2>/dev/null | grep '^RESULT' | sed 's/^RESULT //')"
  psql_pg "DROP DATABASE IF EXISTS gremio_bench_agg WITH (FORCE)"; psql_pg "CREATE DATABASE gremio_bench_agg"
  anotar "$("$JAVA" -Xmx512m -cp "target/classes:target/lib/*" bench/Agregacion.java postgresql $n ${PG}gremio_bench_agg 2>/dev/null | grep '^RESULT' | sed 's/^RESULT //')"
  psql_pg "DROP DATABASE IF EXISTS gremio_bench_agg WITH (FORCE)"
done
fi

commit=$(git -C "$RAIZ" describe --always --dirty 2>/dev/null || echo "?")   # before this block dirties the tree
{
  echo
  echo "## $(date -u +%F) — $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $("$JAVA" -version 2>&1 | head -1), commit $commit"
  echo
  echo "Command: \`${BENCH_JAVA:+BENCH_JAVA=$BENCH_JAVA }${BENCH_JVM:+BENCH_JVM=\"$BENCH_JVM\" }${BENCH_JFR:+BENCH_JFR=$BENCH_JFR }BENCH_SEGUNDOS=$DURACION BENCH_CALENTAR=$CALENTAR BENCH_PARTES=\"$PARTES\" BENCH_NIVELES=\"${BENCH_NIVELES:-16 64 256}\" ./bench/run.sh\`"
  echo
  echo '```'
  printf '%s\n' "${resultados[@]}"
  echo '```'
} >> "$RAIZ/BENCHMARKS.md"
rm -rf "$DATOS"
log "done: results appended to BENCHMARKS.md"
