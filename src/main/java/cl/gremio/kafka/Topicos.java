package cl.gremio.kafka;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure our topics exist with their partitions before the routes start: the routes send
 * to partition 1 on purpose (the seed's layout), or to partition hash(carrito) mod N (the
 * partitioned one, {@link Disposicion}), which fails on a topic created with fewer.
 */
public class Topicos {

    private static final Logger LOG = LoggerFactory.getLogger(Topicos.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final String brokers;

    public Topicos(String brokers) {
        this.brokers = brokers;
    }

    /**
     * An Admin client for the periodic readings (consumer lag, whether a day's sales are all
     * consumed): quick to give up, so a broker that is away costs a reading, not a stuck thread.
     */
    static Admin vigilante(String brokers) {
        return Admin.create(Map.of("bootstrap.servers", brokers, "default.api.timeout.ms", 10_000,
                "request.timeout.ms", 5_000));
    }

    /**
     * Creates the layout's missing topics ({@code topics}: each with the partitions it must have at
     * least) and refuses to start when one has fewer, or when the other layout's topics hold records
     * their consumer group has not stored ({@code otra}: group -> those topics): an instance must
     * not leave them unread in silence.
     */
    public void asegurar(Disposicion disposicion, Map<String, Integer> topics, Map<String, List<String>> otra) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            sinPendientes(admin, disposicion, existing, otra);
            List<NewTopic> missing = topics.entrySet().stream().filter(t -> !existing.contains(t.getKey()))
                    .map(t -> new NewTopic(t.getKey(), Optional.of(t.getValue()), Optional.empty())).toList();
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.info("Created topic {} with {} partitions", created.getKey(), topics.get(created.getKey()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance may have created it meanwhile: that is fine
                    }
                }
            }
            Map<String, TopicDescription> described = describir(admin, topics.keySet().toArray(String[]::new));
            String tooSmall = described.values().stream().filter(d -> d.partitions().size() < topics.get(d.name()))
                    .map(d -> d.name() + " (" + d.partitions().size() + " of " + topics.get(d.name()) + ")")
                    .collect(Collectors.joining(", "));
            if (!tooSmall.isEmpty()) {
                throw new IllegalStateException("Layout " + disposicion.nombre() + ": topics with fewer partitions than"
                        + " configured: " + tooSmall + ". Add partitions (kafka-topics.sh --alter --topic T --partitions N)"
                        + " with every instance stopped and the topics drained, or configure as many"
                        + " (gremio.kafka.particiones-por-contenido, gremio.kafka.particiones); docs/escala.md");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topics", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException rechazo && !(rechazo instanceof RetriableException)) {
                // the cluster answered, and said no (partitions beyond its limit, a replication factor
                // above its brokers): its reason, not "is the cluster up?"
                throw new IllegalStateException("Kafka at " + brokers + " refused the " + disposicion.nombre()
                        + " layout's topics: " + rechazo.getMessage() + " (gremio.kafka.particiones-por-contenido,"
                        + " gremio.kafka.particiones; or create them with kafka-topics.sh, docs/escala.md)", e);
            }
            throw noResponde(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw noResponde(e);
        }
    }

    /** No answer in time: the cluster is away or the address wrong. */
    private IllegalStateException noResponde(Exception e) {
        return new IllegalStateException("Could not check or create the topics on Kafka at " + brokers
                + " within " + TIMEOUT_SECONDS + " s: is the cluster up and gremio.kafka.brokers right?", e);
    }

    /**
     * Refuses to start when a topic of the other layout holds records its group has not committed:
     * they would stay unread (sales never stored, a day never final). Drain them first (docs/escala.md).
     */
    private static void sinPendientes(Admin admin, Disposicion disposicion, Set<String> existing,
            Map<String, List<String>> otra) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        StringBuilder pendientes = new StringBuilder();
        for (var grupo : otra.entrySet()) {
            List<String> suyos = grupo.getValue().stream().filter(existing::contains).toList();
            if (suyos.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> hechos = admin.listConsumerGroupOffsets(grupo.getKey())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ultimos = new HashMap<>();
            describir(admin, suyos.toArray(String[]::new)).values().forEach(d -> d.partitions()
                    .forEach(p -> ultimos.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            var finales = admin.listOffsets(ultimos).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> porTopico = new TreeMap<>();
            finales.forEach((tp, fin) -> {
                OffsetAndMetadata hecho = hechos.get(tp);
                long faltan = fin.offset() - (hecho == null ? 0 : hecho.offset());
                if (faltan > 0) {
                    porTopico.merge(tp.topic(), faltan, Long::sum);
                }
            });
            porTopico.forEach((t, n) -> pendientes.append(pendientes.isEmpty() ? "" : ", ").append(t).append(" (")
                    .append(n).append(" records not stored by group ").append(grupo.getKey()).append(')'));
        }
        if (!pendientes.isEmpty()) {
            String otraNombre = disposicion.particionada() ? Disposicion.SEMILLA : Disposicion.PARTICIONADA;
            throw new IllegalStateException("gremio.kafka.disposicion is " + disposicion.nombre()
                    + " but the cluster holds records of the " + otraNombre + " layout not yet stored: " + pendientes
                    + ". Drain them first with instances in " + otraNombre + " (gremio.rol=consumo), then switch;"
                    + " or start this instance with gremio.kafka.disposicion=" + otraNombre + " (docs/escala.md)");
        }
    }

    /**
     * The topics' layout. Just after they were created a broker may not know them yet
     * (UnknownTopicOrPartitionException, seen on the embedded broker's first start): ask again.
     */
    private static Map<String, TopicDescription> describir(Admin admin, String... topics)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long hasta = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(Arrays.asList(topics)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > hasta) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
