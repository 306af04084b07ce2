#!/usr/bin/env bash
# Creates Gremio's topics in the chosen layout (docs/escala.md) on a Kafka cluster where they are
# missing, then prints them. Safe to run any number of times. Refuses (exit 3), saying what to do,
# a topic that exists with fewer partitions than the layout needs: the application would refuse it.
#
#   ./kafka-topics.sh [--bootstrap-server HOST:PORT] [--disposicion semilla|particionada]
#                     [--partitions N] [--particiones-por-contenido N] [--replication-factor N]
#                     [--config KEY=VALUE ...] (topic configs for topics it creates, e.g. min.insync.replicas=2)
#
# Reads the application's settings from the environment, as the application does:
# GREMIO_KAFKA_DISPOSICION (semilla, the default: NuevoMiembro NuevaVenta Ubicacion Stock with
# GREMIO_KAFKA_PARTICIONES = 2 partitions each; particionada: NuevoMiembro as in semilla, and a topic
# per content with GREMIO_KAFKA_PARTICIONES_POR_CONTENIDO = 12), the topic names
# (GREMIO_TOPICO_MIEMBROS, _VENTAS, _UBICACION, _STOCK; _VENTA, _CLIENTE, _POSICION, _AVISO,
# _REPORTE, _REPOSICION) and GREMIO_KAFKA_BROKERS; each with its <topic>.DLT.
# Uses kafka-topics.sh from a Kafka distribution when one is on PATH; otherwise runs Kafka's
# own TopicCommand from this project's classpath (target/lib, built by ./mvnw package when missing,
# or GREMIO_CLASSPATH when set), so a machine with only a JDK can run it.
# GREMIO_TOPICOS (space-separated) replaces the list of topics (each with the layout's count).
set -euo pipefail
cd "$(dirname "$0")"

bootstrap=${GREMIO_KAFKA_BROKERS:-127.0.0.1:9092}
disposicion=${GREMIO_KAFKA_DISPOSICION:-semilla}
partitions=${GREMIO_KAFKA_PARTICIONES:-2}
por_contenido=${GREMIO_KAFKA_PARTICIONES_POR_CONTENIDO:-12}
replication=
configs=()

while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap=$2; shift 2 ;;
    --disposicion) disposicion=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --particiones-por-contenido) por_contenido=$2; shift 2 ;;
    --replication-factor) replication=$2; shift 2 ;;
    --config) configs+=(--config "$2"); shift 2 ;;
    -h|--help) sed -n "2,19p" "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# as the application refuses them at start: the seed's layout writes to partition 1 of each topic
for count in "partitions=$partitions=2" "particiones-por-contenido=$por_contenido=1"; do
  IFS='=' read -r name value least <<< "$count"
  if ! [[ "$value" =~ ^[0-9]+$ ]] || [ "$((10#$value))" -lt "$least" ]; then
    echo "--$name is '$value': it must be a whole number of partitions, at least $least" \
      "(GREMIO_KAFKA_PARTICIONES, GREMIO_KAFKA_PARTICIONES_POR_CONTENIDO)" >&2
    exit 2
  fi
done

if command -v kafka-topics.sh >/dev/null 2>&1 && [ "$(command -v kafka-topics.sh)" != "$PWD/kafka-topics.sh" ]; then
  topic_command() { kafka-topics.sh "$@"; }
else
  classpath=${GREMIO_CLASSPATH:-target/gremio.jar:target/lib/*}
  if [ -z "${GREMIO_CLASSPATH:-}" ] && { [ ! -f target/gremio.jar ] || [ ! -d target/lib ]; }; then
    echo "Building the project once to get Kafka's tools on the classpath (./mvnw package)..." >&2
    ./mvnw -q -B package -DskipTests >&2
  fi
  topic_command() { java -Dlog4j2.level=WARN -cp "$classpath" org.apache.kafka.tools.TopicCommand "$@"; }
fi

# topic -> partitions it needs
declare -A needed=()
miembros=${GREMIO_TOPICO_MIEMBROS:-NuevoMiembro}
case "$disposicion" in
  semilla)
    for t in "$miembros" "${GREMIO_TOPICO_VENTAS:-NuevaVenta}" "${GREMIO_TOPICO_UBICACION:-Ubicacion}" \
        "${GREMIO_TOPICO_STOCK:-Stock}"; do
      needed[$t]=$partitions; needed[$t.DLT]=$partitions
    done
    each=$partitions ;;
  particionada)
    needed[$miembros]=$partitions; needed[$miembros.DLT]=$partitions
    for t in "${GREMIO_TOPICO_VENTA:-NuevaVenta.venta}" "${GREMIO_TOPICO_CLIENTE:-NuevaVenta.cliente}" \
        "${GREMIO_TOPICO_POSICION:-Ubicacion.posicion}" "${GREMIO_TOPICO_AVISO:-Ubicacion.aviso}" \
        "${GREMIO_TOPICO_REPORTE:-Stock.reporte}" "${GREMIO_TOPICO_REPOSICION:-Stock.reposicion}"; do
      needed[$t]=$por_contenido; needed[$t.DLT]=$por_contenido
    done
    each=$por_contenido ;;
  *) echo "unknown layout '$disposicion': semilla or particionada (GREMIO_KAFKA_DISPOSICION, --disposicion)" >&2; exit 2 ;;
esac
if [ -n "${GREMIO_TOPICOS:-}" ]; then
  needed=()
  read -ra lista <<< "$GREMIO_TOPICOS" # split on spaces only: a * stays a name, never the files here
  for t in "${lista[@]}"; do needed[$t]=$each; done
fi
topics=("${!needed[@]}")

rf_args=()
[ -n "$replication" ] && rf_args=(--replication-factor "$replication")
# one listing first: each topic created is a JVM start when TopicCommand runs from the classpath
existing=" $(topic_command --bootstrap-server "$bootstrap" --list | tr '\n' ' ') "
for topic in "${topics[@]}"; do
  [[ "$existing" == *" $topic "* ]] && continue
  topic_command --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "${needed[$topic]}" "${rf_args[@]}" "${configs[@]}"
done
description=$(topic_command --bootstrap-server "$bootstrap" --describe --topic "$(IFS='|'; echo "${topics[*]}")")
echo "$description"
# --create --if-not-exists leaves an existing topic as it is: one with fewer partitions is refused here
short=$(echo "$description" | awk -v wanted="$(for t in "${topics[@]}"; do printf '%s=%s ' "$t" "${needed[$t]}"; done)" '
  BEGIN { n = split(wanted, w, " "); for (i = 1; i <= n; i++) { split(w[i], kv, "="); need[kv[1]] = kv[2] } }
  /PartitionCount:/ { t = ""; c = ""
    for (i = 1; i <= NF; i++) { if ($i == "Topic:") t = $(i + 1); if ($i == "PartitionCount:") c = $(i + 1) }
    if (t in need && c + 0 < need[t] + 0) printf "%s has %s partitions, the %s layout needs %s\n", t, c, "'"$disposicion"'", need[t] }')
if [ -n "$short" ]; then
  echo "$short" >&2
  echo "Refused: Gremio would not start against these topics. With every instance stopped and the topics" \
    "drained (docs/escala.md), add partitions: kafka-topics.sh --bootstrap-server $bootstrap --alter --topic T" \
    "--partitions N; or configure as many (GREMIO_KAFKA_PARTICIONES_POR_CONTENIDO, GREMIO_KAFKA_PARTICIONES)." >&2
  exit 3
fi
