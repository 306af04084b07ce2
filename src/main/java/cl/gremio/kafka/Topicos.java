package cl.gremio.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure our topics exist with their partitions before the routes start: the routes send
 * to partition 1 on purpose, which fails on a topic created with one partition.
 */
public class Topicos {

    private static final Logger LOG = LoggerFactory.getLogger(Topicos.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final String brokers;
    private final int partitions;

    public Topicos(String brokers, int partitions) {
        this.brokers = brokers;
        this.partitions = partitions;
    }

    /**
     * An Admin client for the periodic readings (consumer lag, whether a day's sales are all
     * consumed): quick to give up, so a broker that is away costs a reading, not a stuck thread.
     */
    static Admin vigilante(String brokers) {
        return Admin.create(Map.of("bootstrap.servers", brokers, "default.api.timeout.ms", 10_000,
                "request.timeout.ms", 5_000));
    }

    public void asegurar(String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = Arrays.stream(topics).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())).toList();
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.info("Created topic {} with {} partitions", created.getKey(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance may have created it meanwhile: that is fine
                    }
                }
            }
            Map<String, TopicDescription> described = describir(admin, topics);
            String tooSmall = described.values().stream().filter(d -> d.partitions().size() < partitions)
                    .map(d -> d.name() + " (" + d.partitions().size() + ")").collect(Collectors.joining(", "));
            if (!tooSmall.isEmpty()) {
                throw new IllegalStateException("Topics with fewer than " + partitions + " partitions: " + tooSmall
                        + ". Add partitions with kafka-topics.sh --alter --partitions " + partitions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not check or create the topics on Kafka at " + brokers
                    + " within " + TIMEOUT_SECONDS + " s: is the cluster up and gremio.kafka.brokers right?", e);
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
