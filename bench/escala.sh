#!/usr/bin/env bash
# Stored sales/s against consumer instances (issue 20), one command, as root on a machine with
# cgroup v1 (/sys/fs/cgroup/cpu writable), PostgreSQL on 127.0.0.1:5432 (trust) and psql:
#   ./bench/escala.sh
# For each layout (semilla, particionada) and each k in 1 2 4: a fresh database, fresh topics and
# groups on one external broker (bench/Broker.java); a backlog of BENCH_SEGUNDOS s of sales taken by
# an `ingesta` instance (wrk, bench/venta.lua with 1,000 carts); then k `consumo` instances, each in
# its own cpu cgroup with the same quota (BENCH_CUOTA_US per 100 ms), drain it. Prints per k the
# stored sales/s between 10 % and 90 % of the backlog stored, each instance's sales partitions, and
# CPU (ms) per stored sale over the k instances. Results are appended to BENCHMARKS.md.
#   BENCH_SEGUNDOS  ingestion time for the backlog (default 60)
#   BENCH_CUOTA_US  each instance's CPU quota per 100 ms (default 25000: a quarter of a core)
#   BENCH_K         the instance counts (default "1 2 4")
set -euo pipefail
cd "$(dirname "$0")/.."
SEGUNDOS=${BENCH_SEGUNDOS:-60}
CUOTA=${BENCH_CUOTA_US:-25000}
KS=${BENCH_K:-1 2 4}
BROKER=19092
PG=127.0.0.1:5432
DATOS=$(mktemp -d /tmp/gremio-escala.XXXXXX)
CP="target/gremio.jar:target/lib/*"
log() { echo "== $*" >&2; }
command -v wrk >/dev/null || { log "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
[ -w /sys/fs/cgroup/cpu ] || { log "/sys/fs/cgroup/cpu is not writable (cgroup v1, as root)"; exit 1; }
log "building target/gremio.jar"; ./mvnw -q -B package -DskipTests

pids=()
limpiar() { kill -9 ${pids[*]:-} 2>/dev/null || true; sleep 1
  for g in /sys/fs/cgroup/cpu/gremio-escala-*; do rmdir "$g" 2>/dev/null || true; done; }
trap limpiar EXIT
trap 'exit 130' INT TERM   # so that the EXIT trap runs: a consumo instance left behind keeps its cgroup
java -Xmx1g -cp "target/classes:target/lib/*" bench/Broker.java "$DATOS/broker" $BROKER $((BROKER + 1)) > "$DATOS/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -qs "BROKER UP" "$DATOS/broker.log" && break; sleep 0.2; done
grep -qs "BROKER UP" "$DATOS/broker.log" || { log "the broker did not start; see $DATOS/broker.log"; exit 1; }

sql() { psql -h 127.0.0.1 -U postgres -tA -d "$1" -c "$2"; }
# starts an instance: $1 name, $2 layout, $3 role, $4 prefix of its topics and groups, $5 database, $6 http port
instancia() {
  local ajustes=(-Dgremio.kafka.brokers=127.0.0.1:$BROKER -Dgremio.kafka.disposicion=$2 -Dgremio.rol=$3
    -Dgremio.instancia=$1 -Dgremio.data.dir=$DATOS/$1 -Dcamel.server.port=$6 -Dcamel.management.port=$(($6 + 1000))
    -Dgremio.db.url=jdbc:postgresql://$PG/$5 -Dgremio.db.user=postgres -Dgremio.admin.clave=bench)
  for f in ventas ubicacion stock miembros; do
    ajustes+=(-Dgremio.topico.$f=$4-$f -Dgremio.grupo.$f=$4-grupo-$f)
  done
  for c in venta cliente posicion aviso reporte reposicion; do ajustes+=(-Dgremio.topico.$c=$4.$c); done
  java @config/jvm.options "${ajustes[@]}" -jar target/gremio.jar > "$DATOS/$1.log" 2>&1 &
  echo $!
}
esperar() { for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$1/observe/health/ready" && return 0; sleep 1; done; return 1; }

resultados=()
for disposicion in semilla particionada; do
  for k in $KS; do
    prefijo="B$(date +%s)$k${disposicion:0:1}"
    base="gremio_escala_${prefijo,,}"
    sql postgres "CREATE DATABASE $base" >/dev/null
    log "$disposicion k=$k: backlog of ${SEGUNDOS}s through an ingesta instance"
    p=$(instancia ingesta $disposicion ingesta $prefijo $base 18080); pids+=($p)
    esperar 19080 || { log "ingesta did not start; see $DATOS/ingesta.log"; exit 1; }
    BENCH_CARRITOS=1000 wrk -t4 -c64 -d${SEGUNDOS}s -s bench/venta.lua http://127.0.0.1:18080 > "$DATOS/wrk-$prefijo.txt"
    kill $p; wait $p 2>/dev/null || true
    # the backlog: the sale records Kafka holds (every 202, and nothing else)
    if [ $disposicion = semilla ]; then topico=$prefijo-ventas; solo=(--partitions 0); else topico=$prefijo.venta; solo=(); fi
    meta=$(java -cp "$CP" org.apache.kafka.tools.GetOffsetShell --bootstrap-server 127.0.0.1:$BROKER --topic "$topico" \
      "${solo[@]}" --time -1 2>/dev/null | awk -F: '{s += $3} END {print s + 0}')
    log "backlog: $meta sales"
    consumos=()
    for i in $(seq 1 $k); do
      g=/sys/fs/cgroup/cpu/gremio-escala-$i; mkdir -p $g
      echo 100000 > $g/cpu.cfs_period_us; echo $CUOTA > $g/cpu.cfs_quota_us
      p=$(instancia consumo$i $disposicion consumo $prefijo $base $((18080 + 10 * i))); pids+=($p)
      echo $p > $g/cgroup.procs   # its threads start after this, inside the group
      consumos+=($p)
    done
    t0=$(date +%s.%N); t10= t90=
    cpu0=0; for p in "${consumos[@]}"; do cpu0=$((cpu0 + $(awk '{print $14 + $15}' /proc/$p/stat))); done
    while :; do
      n=$(sql $base "SELECT count(*) FROM venta" 2>/dev/null || echo 0)
      now=$(date +%s.%N)
      [ -z "$t10" ] && [ "$n" -ge $((meta / 10)) ] && t10=$now n10=$n
      [ -z "$t90" ] && [ "$n" -ge $((meta * 9 / 10)) ] && { t90=$now; n90=$n; break; }
      awk -v a="$now" -v b="$t0" 'BEGIN{exit !(a - b > 900)}' && { log "not drained within 15 min"; break; }
      sleep 0.5
    done
    cpu1=0; for p in "${consumos[@]}"; do cpu1=$((cpu1 + $(awk '{print $14 + $15}' /proc/$p/stat))); done
    tasa=$(awk -v a="$n90" -v b="$n10" -v x="$t90" -v y="$t10" 'BEGIN{printf "%.0f", (a - b) / (x - y)}')
    cpu=$(awk -v c=$((cpu1 - cpu0)) -v t=$(getconf CLK_TCK) -v n="$n90" 'BEGIN{printf "%.2f", 1000 * c / t / n}')
    reparto=$(java -cp "$CP" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server 127.0.0.1:$BROKER \
      --describe --group $prefijo-grupo-ventas --members --verbose 2>/dev/null | awk '/consumer-/ {print $4 ":" $NF}' | tr '\n' ' ')
    linea="| $disposicion | $k | $meta | $tasa | $cpu | $reparto |"
    log "$linea"; resultados+=("$linea")
    kill "${consumos[@]}"; wait "${consumos[@]}" 2>/dev/null || true
    for i in $(seq 1 $k); do rmdir /sys/fs/cgroup/cpu/gremio-escala-$i 2>/dev/null || true; done
    sql postgres "DROP DATABASE $base WITH (FORCE)" >/dev/null
  done
done
{
  echo; echo "## Escala ($(date -u +%F), bench/escala.sh: ${SEGUNDOS} s backlog, quota ${CUOTA} us/100 ms per instance)"; echo
  echo "| layout | instances | backlog | stored sales/s (10-90 %) | CPU ms per stored sale | sales partitions per instance (client:partitions) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${resultados[@]}"
} | tee -a BENCHMARKS.md
