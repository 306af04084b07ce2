package cl.gremio.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, broker and controller in one) inside the JVM, bound to
 * 127.0.0.1. Its log lives in the data dir, so topics, records and committed offsets survive
 * a restart. The embedded default is a single node; the tests also run three of them, one per
 * process, as the cluster a production setup would have.
 */
public class EmbeddedKafka extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";

    private final Path logDir;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final String voters;
    private final int replicas;
    private KafkaRaftServer server;

    /** The embedded default: one node that is its own controller quorum. */
    public EmbeddedKafka(Path logDir, int port, int controllerPort) {
        this(logDir, 1, port, controllerPort, "1@" + HOST + ":" + controllerPort, 1);
    }

    /**
     * One node of a cluster.
     *
     * @param voters   the controller quorum, {@code id@host:port,...}
     * @param replicas replication factor of the internal topics, and 1 + min.insync.replicas
     */
    public EmbeddedKafka(Path logDir, int nodeId, int port, int controllerPort, String voters, int replicas) {
        this.logDir = logDir.toAbsolutePath();
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.voters = voters;
        this.replicas = replicas;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    protected void doStart() throws Exception {
        // Kafka halts the whole JVM when it cannot bind, so find out first and say what to do.
        requireFree(port, "gremio.kafka.embedded.port (GREMIO_KAFKA_EMBEDDED_PORT)");
        requireFree(controllerPort, "gremio.kafka.embedded.controller-port (GREMIO_KAFKA_EMBEDDED_CONTROLLER_PORT)");
        Files.createDirectories(logDir);
        Properties props = brokerProperties();
        format(props);
        long started = System.nanoTime();
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        LOG.info("Embedded Kafka broker listening on {} (log dir {}), started in {} ms",
                bootstrapServers(), logDir, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    protected void doStop() {
        if (server != null) {
            LOG.info("Stopping the embedded Kafka broker on {}", bootstrapServers());
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // one node: every topic has a single replica; a cluster of three: 3 replicas, 2 in sync
        String minIsr = String.valueOf(Math.max(1, replicas - 1));
        p.put("offsets.topic.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("default.replication.factor", String.valueOf(replicas));
        p.put("min.insync.replicas", minIsr);
        // with the default 50 partitions the first group join waits tens of seconds for a coordinator
        p.put("offsets.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // our topics are created on purpose, with their partitions; a typo must not create one
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "2");
        // after a kill -9 the restarted broker waits for its old registration to expire: keep that short
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "2000");
        return p;
    }

    /** Formats the log dir the first time; the cluster id is kept beside it for later starts. */
    private void format(Properties props) throws Exception {
        Path idFile = logDir.resolve("cluster.id");
        String clusterId = Files.exists(idFile) ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
        Files.writeString(idFile, clusterId);
        new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setClusterId(clusterId)
                .setNodeId(nodeId)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setIgnoreFormatted(true)
                .run();
    }

    private static void requireFree(int port, String setting) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + HOST + ":" + port + " is already in use, so the embedded Kafka"
                    + " broker cannot start. Stop what uses it, choose another port with " + setting
                    + ", or set gremio.kafka.brokers to use an existing cluster.", e);
        }
    }
}
