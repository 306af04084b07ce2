#!/usr/bin/env bash
# Stored sales/s against consumer instances (issue 20), one command, as root on a machine with
# cgroup v1 (/sys/fs/cgroup/cpu writable), PostgreSQL on 127.0.0.1:5432 (trust) and psql:
#   ./bench/escala.sh
# For each layout (semilla, particionada): fresh topics on one external broker (bench/Broker.java)
# and a backlog of BENCH_SEGUNDOS s of sales taken by an `ingesta` instance (wrk, bench/venta.lua
# with 1,000 carts). Then for each k in BENCH_K: a fresh database and fresh consumer groups, k
# `consumo` instances, each in its own cpu cgroup with the same quota (BENCH_CUOTA_US per 100 ms),
# drain that backlog. They warm up without a quota for BENCH_CALENTAR s once all k answer ready
# (the group settles, the JIT compiles), then each is held to the quota, and 10 s later the window
# starts: BENCH_VENTANA s, or until 95 % of the backlog is
# stored: stored sales/s, a sale counted once every part of it is stored (the sale, its client
# part and its stock report or request as rows; its position, kept newest per cart, from the
# consumer group's committed offsets), CPU (ms) per stored sale over the k instances, each part's
# records/s, and per consumer its sales partitions and records/s. Results are appended to
# BENCHMARKS.md.
#   BENCH_SEGUNDOS  ingestion time for the backlog (default 240: about 1.5 million sales here)
#   BENCH_CUOTA_US  each instance's CPU quota per 100 ms (default 12500: an eighth of a core, so that
#                   on two cores 4 instances leave the store and the broker room)
#   BENCH_K         the instance counts (default "1 2 4")
#   BENCH_CALENTAR  seconds of warm-up without a quota once all instances are ready (default 60)
#   BENCH_VENTANA   the window's length in seconds at most (default 40)
#   BENCH_DISPOSICIONES  the layouts (default "semilla particionada")
set -euo pipefail
cd "$(dirname "$0")/.."
SEGUNDOS=${BENCH_SEGUNDOS:-240}
CALENTAR=${BENCH_CALENTAR:-60}
VENTANA=${BENCH_VENTANA:-40}
CUOTA=${BENCH_CUOTA_US:-12500}
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
# committed offsets of the consumer groups, one line per partition of a sale's parts:
# "part consumer partition offset lag", part one of venta, cliente, posicion, stock
ofs() { local g; for g in ventas ubicacion stock; do
  java -cp "$CP" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server 127.0.0.1:$BROKER \
    --describe --group "$1-grupo-$g" 2>/dev/null; done | awk -v p="$prefijo" '
  $2 == p "-ventas" {print ($3 == 0 ? "venta" : "cliente"), $7, $2 ":" $3, $4, $6}
  $2 == p "-ubicacion" && $3 == 0 {print "posicion", $7, $2 ":" $3, $4, $6}
  $2 == p "-stock" {print "stock", $7, $2 ":" $3, $4, $6}
  $2 == p ".venta" || $2 == p ".cliente" || $2 == p ".posicion" {print substr($2, length(p) + 2), $7, $2 ":" $3, $4, $6}
  $2 == p ".reporte" || $2 == p ".reposicion" {print "stock", $7, $2 ":" $3, $4, $6}'; }
# records/s of one part between two offset lists over $4 seconds; "-" when the part had nothing
# left to read at the end (it finished within the window: it did not limit the rate)
tasa_de() { awk -v f="$3" -v s="$4" 'NR==FNR {if ($1 == f) a[$3]=$4; next} $1 == f {d += $4 - a[$3]; l += $5}
  END {if (l == 0) print "-"; else printf "%.0f", d / s}' "$1" "$2"; }
# sales whose every stored part is in the store (positions, kept newest per cart, are counted from offsets)
guardadas() { sql $1 "SELECT LEAST((SELECT count(*) FROM venta), (SELECT count(*) FROM venta_cliente),
  (SELECT count(*) FROM reporte_stock) + (SELECT count(*) FROM solicitud_reposicion))"; }
# per consumer of the sales (c1, c2, ... in the order of their ids): its sales partitions and records/s
por_consumidor() { awk -v s="$3" 'NR==FNR {if ($1 == "venta") a[$3]=$4; next} $1 == "venta" && $2 != "-" {
  d[$2]+=$4-a[$3]; q=$3; sub(/.*:/, "", q); p[$2]=p[$2] (p[$2]==""?"":",") q}
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
  if [ $disposicion = semilla ]; then topico=$prefijo-ventas; solo=(--partitions 0); else topico=$prefijo.venta; solo=(); fi
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
      echo 100000 > $g/cpu.cfs_period_us; echo -1 > $g/cpu.cfs_quota_us   # the quota comes after the warm-up
      p=$(instancia consumo$i $disposicion consumo $prefijo $base $((18080 + 10 * i)) $grupos); pids+=($p)
      echo $p > $g/cgroup.procs   # all its threads, now and later, inside the group
      consumos+=($p)
    done
    for i in $(seq 1 $k); do esperar $((19080 + 10 * i)) || { log "consumo$i did not start; see $DATOS/consumo$i.log"; exit 1; }; done
    sleep $CALENTAR
    # warmed up without a quota (the JIT, held to a quarter core, took minutes: a cold k = 1 was
    # measured at a third of its warm rate); now each is held to it, and the window follows
    for i in $(seq 1 $k); do echo $CUOTA > /sys/fs/cgroup/cpu/gremio-escala-$i/cpu.cfs_quota_us; done
    sleep 10
    ofs $grupos > "$DATOS/ofs0"; t0=$(date +%s.%N)
    n0=$(guardadas $base); cpu0=$(cpu_de "${consumos[@]}")
    for p in "${consumos[@]}"; do hilos $p; done > "$DATOS/hilos0"
    while :; do
      sleep 2
      n1=$(guardadas $base); t1=$(date +%s.%N)
      [ "$n1" -ge $((meta * 95 / 100)) ] && break
      awk -v a="$t1" -v b="$t0" -v v=$VENTANA 'BEGIN{exit !(a - b >= v)}' && break
    done
    cpu1=$(cpu_de "${consumos[@]}")
    for p in "${consumos[@]}"; do hilos $p; done > "$DATOS/hilos1"
    ofs $grupos > "$DATOS/ofs1"; t2=$(date +%s.%N)
    log "where the instances' CPU went: $(reparto_cpu "$DATOS/hilos0" "$DATOS/hilos1")"
    s=$(awk -v x="$t1" -v y="$t0" 'BEGIN{printf "%.1f", x - y}'); so=$(awk -v x="$t2" -v y="$t0" 'BEGIN{print x - y}')
    partes=""; for f in venta cliente posicion stock; do partes+="$f $(tasa_de "$DATOS/ofs0" "$DATOS/ofs1" $f $so)/s, "; done
    log "records/s per part (committed offsets): ${partes%, }"
    # a sale is stored when all its parts are: the slower of the rows and the positions (unless
    # the positions were all read: then they did not hold anything back)
    tasa=$(awk -v a="$n1" -v b="$n0" -v s="$s" -v p="$(tasa_de "$DATOS/ofs0" "$DATOS/ofs1" posicion $so)" \
      'BEGIN{r = (a - b) / s; printf "%.0f", (p != "-" && p + 0 < r ? p : r)}')
    cpu=$(awk -v c=$((cpu1 - cpu0)) -v t=$(getconf CLK_TCK) -v n="$tasa" -v s="$s" 'BEGIN{printf "%.2f", n ? 1000 * c / t / (n * s) : 0}')
    reparto=$(por_consumidor "$DATOS/ofs0" "$DATOS/ofs1" "$so")
    linea="| $disposicion | $k | $meta | $n0 | $s | $tasa | $cpu | ${reparto%; } |"
    log "$linea"; resultados+=("$linea")
    parar "${consumos[@]}"
    for i in $(seq 1 $k); do rmdir /sys/fs/cgroup/cpu/gremio-escala-$i 2>/dev/null || true; done
    sql postgres "DROP DATABASE $base WITH (FORCE)" >/dev/null
  done
done
{
  echo; echo "## Escala ($(date -u +%F), bench/escala.sh: ${SEGUNDOS} s backlog, quota ${CUOTA} us/100 ms per instance)"; echo
  echo "| layout | instances | backlog | stored before the window | window (s) | stored sales/s (every part) | CPU ms per stored sale | per consumer: sales partitions, records/s |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${resultados[@]}"
} | tee -a BENCHMARKS.md
