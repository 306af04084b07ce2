#!/usr/bin/env bash
# Creates Gremio's topics (two partitions each) on a Kafka cluster where they are missing,
# then prints the layout. Safe to run any number of times.
#
#   ./kafka-topics.sh [--bootstrap-server HOST:PORT] [--partitions N] [--replication-factor N]
#                     [--config KEY=VALUE ...] (topic configs for topics it creates, e.g. min.insync.replicas=2)
#
# Uses kafka-topics.sh from a Kafka distribution when one is on PATH; otherwise runs Kafka's
# own TopicCommand from this project's classpath (target/lib, built by ./mvnw package when missing,
# or GREMIO_CLASSPATH when set), so a machine with only a JDK can run it.
# GREMIO_TOPICOS (space-separated) replaces the list of topics.
set -euo pipefail
cd "$(dirname "$0")"

bootstrap=${GREMIO_KAFKA_BROKERS:-127.0.0.1:9092}
partitions=2
replication=
configs=()
topics=(${GREMIO_TOPICOS:-NuevoMiembro NuevaVenta Ubicacion Stock NuevoMiembro.DLT NuevaVenta.DLT Ubicacion.DLT Stock.DLT})

while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --replication-factor) replication=$2; shift 2 ;;
    --config) configs+=(--config "$2"); shift 2 ;;
    -h|--help) sed -n "2,13p" "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
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

rf_args=()
[ -n "$replication" ] && rf_args=(--replication-factor "$replication")
for topic in "${topics[@]}"; do
  topic_command --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" "${rf_args[@]}" "${configs[@]}"
done
topic_command --bootstrap-server "$bootstrap" --describe --topic "$(IFS='|'; echo "${topics[*]}")"
