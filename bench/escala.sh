#!/usr/bin/env bash
# Stored sales/s against consumer instances (issue 20), one command, as root on a machine with
# cgroup v1 (/sys/fs/cgroup/cpu writable), PostgreSQL on 127.0.0.1:5432 (trust) and psql:
#   ./bench/escala.sh
# For each layout (semilla, particionada): fresh topics on one external broker (bench/Broker.java)
# and a backlog of BENCH_SEGUNDOS s of sales taken by an `ingesta` instance (wrk, bench/venta.lua
# with 1,000 carts). Then for each k in BENCH_K: a fresh database and fresh consumer groups, k
# `consumo` instances, each in its own cpu cgroup with the same quota (BENCH_CUOTA_US per 100 ms),
# drain that backlog. Measured once all k answer ready and BENCH_CALENTAR s more have passed (the
# group has settled, the JIT has warmed), over BENCH_VENTANA s or until 95 % of the backlog is
# stored: stored sales/s, CPU (ms) per stored sale over the k instances, and per consumer its sales
# partitions and records/s (from the group's committed offsets). Results are appended to
# BENCHMARKS.md.
#   BENCH_SEGUNDOS  ingestion time for the backlog (default 60)
#   BENCH_CUOTA_US  each instance's CPU quota per 100 ms (default 25000: a quarter of a core)
#   BENCH_K         the instance counts (default "1 2 4")
#   BENCH_CALENTAR  seconds between all instances ready and the window (default 20)
#   BENCH_VENTANA   the window's length in seconds at most (default 60)
#   BENCH_DISPOSICIONES  the layouts (default "semilla particionada")
set -euo pipefail
cd "$(dirname "$0")/.."
SEGUNDOS=${BENCH_SEGUNDOS:-60}
CALENTAR=${BENCH_CALENTAR:-20}
VENTANA=${BENCH_VENTANA:-60}
CUOTA=${BENCH_CUOTA_US:-25000}
KS=${BENCH_K:-1 2 4}
BROKER=19092
PG=127.0.0.1:5432
DATOS=$(mktemp -d /tmp/gremio-escala.XXXXXX)
CP="target/gremio.jar:target/lib/*"
. bench/comun.sh
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
# starts an instance: $1 name, $2 layout, $3 role, $4 prefix of its topics, $5 database, $6 http port,
# $7 prefix of its consumer groups
instancia() {
  local ajustes=(-Dgremio.kafka.brokers=127.0.0.1:$BROKER -Dgremio.kafka.disposicion=$2 -Dgremio.rol=$3
    -Dgremio.instancia=$1 -Dgremio.data.dir=$DATOS/$1 -Dcamel.server.port=$6 -Dcamel.management.port=$(($6 + 1000))
    -Dgremio.db.url=jdbc:postgresql://$PG/$5 -Dgremio.db.user=postgres -Dgremio.admin.clave=bench)
  for f in ventas ubicacion stock miembros; do
    ajustes+=(-Dgremio.topico.$f=$4-$f -Dgremio.grupo.$f=${7:-$4}-grupo-$f)
  done
  for c in venta cliente posicion aviso reporte reposicion; do ajustes+=(-Dgremio.topico.$c=$4.$c); done
  java @config/jvm.options "${ajustes[@]}" -jar target/gremio.jar > "$DATOS/$1.log" 2>&1 &
  echo $!
}
esperar() { for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$1/observe/health/ready" && return 0; sleep 1; done; return 1; }

# committed offsets of the sales partitions, one line per partition: "consumer partition offset"
ofs_ventas() { java -cp "$CP" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server 127.0.0.1:$BROKER \
  --describe --group "$1-grupo-ventas" 2>/dev/null | awk -v t="$2" -v p0="$3" '$2 == t && (p0 == "" || $3 == p0) {print $7, $3, $4}'; }
# per consumer (c1, c2, ... in the order of their ids): its partitions and records/s between two offset lists
por_consumidor() { awk -v s="$3" 'NR==FNR {a[$2]=$3; next} $1 != "-" {d[$1]+=$3-a[$2]; p[$1]=p[$1] (p[$1]==""?"":",") $2}
  END {n=asorti(d, o); for (i=1;i<=n;i++) printf "c%d (%s) %.0f/s; ", i, p[o[i]], d[o[i]]/s}' "$1" "$2"; }
# stops instances and waits until they are gone (they are not this shell's children: `wait` cannot)
parar() { kill "$@" 2>/dev/null || true; for _ in $(seq 1 600); do kill -0 "$@" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$@" 2>/dev/null || true; sleep 1; }
cpu_de() { local c=0 p; for p in "$@"; do c=$((c + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $c; }

resultados=()
for disposicion in ${BENCH_DISPOSICIONES:-semilla particionada}; do
  prefijo="B$(date +%s)${disposicion:0:1}"
  base="gremio_escala_${prefijo,,}_ingesta"
  sql postgres "CREATE DATABASE $base" >/dev/null
  log "$disposicion: backlog of ${SEGUNDOS}s through an ingesta instance"
  p=$(instancia ingesta $disposicion ingesta $prefijo $base 18080); pids+=($p)
  esperar 19080 || { log "ingesta did not start; see $DATOS/ingesta.log"; exit 1; }
  BENCH_CARRITOS=1000 wrk -t4 -c64 -d${SEGUNDOS}s -s bench/venta.lua http://127.0.0.1:18080 > "$DATOS/wrk-$prefijo.txt"
  parar $p
  sql postgres "DROP DATABASE $base WITH (FORCE)" >/dev/null
  # the backlog: the sale records Kafka holds (every 202, and nothing else)
  if [ $disposicion = semilla ]; then topico=$prefijo-ventas; p0=0; solo=(--partitions 0); else topico=$prefijo.venta; p0=; solo=(); fi
  meta=$(java -cp "$CP" org.apache.kafka.tools.GetOffsetShell --bootstrap-server 127.0.0.1:$BROKER --topic "$topico" \
    "${solo[@]}" --time -1 2>/dev/null | awk -F: '{s += $3} END {print s + 0}')
  log "backlog: $meta sales ($(grep RESULT "$DATOS/wrk-$prefijo.txt"))"
  for k in $KS; do
    grupos="$prefijo-k$k"; base="gremio_escala_${prefijo,,}_k$k"
    sql postgres "CREATE DATABASE $base" >/dev/null
    log "$disposicion k=$k: $k consumo instance(s), each held to $CUOTA us per 100 ms"
    consumos=()
    for i in $(seq 1 $k); do
      g=/sys/fs/cgroup/cpu/gremio-escala-$i; mkdir -p $g
      echo 100000 > $g/cpu.cfs_period_us; echo $CUOTA > $g/cpu.cfs_quota_us
      p=$(instancia consumo$i $disposicion consumo $prefijo $base $((18080 + 10 * i)) $grupos); pids+=($p)
      echo $p > $g/cgroup.procs   # all its threads, now and later, inside the group
      consumos+=($p)
    done
    for i in $(seq 1 $k); do esperar $((19080 + 10 * i)) || { log "consumo$i did not start; see $DATOS/consumo$i.log"; exit 1; }; done
    sleep $CALENTAR
    ofs_ventas $grupos $topico "$p0" > "$DATOS/ofs0"; t0=$(date +%s.%N)
    n0=$(sql $base "SELECT count(*) FROM venta"); cpu0=$(cpu_de "${consumos[@]}")
    for p in "${consumos[@]}"; do hilos $p; done > "$DATOS/hilos0"
    while :; do
      sleep 2
      n1=$(sql $base "SELECT count(*) FROM venta"); t1=$(date +%s.%N)
      [ "$n1" -ge $((meta * 95 / 100)) ] && break
      awk -v a="$t1" -v b="$t0" -v v=$VENTANA 'BEGIN{exit !(a - b >= v)}' && break
    done
    cpu1=$(cpu_de "${consumos[@]}")
    for p in "${consumos[@]}"; do hilos $p; done > "$DATOS/hilos1"
    log "where the instances' CPU went: $(reparto_cpu "$DATOS/hilos0" "$DATOS/hilos1")"
    ofs_ventas $grupos $topico "$p0" > "$DATOS/ofs1"; t2=$(date +%s.%N)
    s=$(awk -v x="$t1" -v y="$t0" 'BEGIN{printf "%.1f", x - y}')
    tasa=$(awk -v a="$n1" -v b="$n0" -v s="$s" 'BEGIN{printf "%.0f", (a - b) / s}')
    cpu=$(awk -v c=$((cpu1 - cpu0)) -v t=$(getconf CLK_TCK) -v n=$((n1 - n0)) 'BEGIN{printf "%.2f", n ? 1000 * c / t / n : 0}')
    reparto=$(por_consumidor "$DATOS/ofs0" "$DATOS/ofs1" "$(awk -v x="$t2" -v y="$t0" 'BEGIN{print x - y}')")
    linea="| $disposicion | $k | $meta | $n0 | $s | $tasa | $cpu | ${reparto%; } |"
    log "$linea"; resultados+=("$linea")
    parar "${consumos[@]}"
    for i in $(seq 1 $k); do rmdir /sys/fs/cgroup/cpu/gremio-escala-$i 2>/dev/null || true; done
    sql postgres "DROP DATABASE $base WITH (FORCE)" >/dev/null
  done
done
{
  echo; echo "## Escala ($(date -u +%F), bench/escala.sh: ${SEGUNDOS} s backlog, quota ${CUOTA} us/100 ms per instance)"; echo
  echo "| layout | instances | backlog | stored before the window | window (s) | stored sales/s | CPU ms per stored sale | per consumer: sales partitions, records/s |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${resultados[@]}"
} | tee -a BENCHMARKS.md
