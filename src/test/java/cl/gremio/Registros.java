package cl.gremio;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what really is in a topic partition, with a plain Kafka consumer. */
public final class Registros {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Registros() {
    }

    /** A record as Camel's Kafka consumer hands it to a route: its bytes, topic, partition, offset and commit. */
    public static Exchange entregado(CamelContext context, String topico, Object particion, long offset, String cuerpo,
            KafkaManualCommit confirmar) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(cuerpo.getBytes(StandardCharsets.UTF_8));
        e.getMessage().setHeader(KafkaConstants.TOPIC, topico);
        e.getMessage().setHeader(KafkaConstants.PARTITION, particion);
        e.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, confirmar);
        return e;
    }

    public static KafkaConsumer<String, String> consumidor(String brokers, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(p);
    }

    /**
     * Every record of one partition whose key matches, waiting up to 15 s for at least one. Each is
     * checked against its topic's JSON Schema ({@link Contrato#registro}), except what a test produced itself.
     */
    public static List<ConsumerRecord<String, String>> de(String brokers, String topic, int partition,
            Predicate<ConsumerRecord<String, String>> filtro) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<String, String> c = consumidor(brokers, null)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (c.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (filtro.test(r)) {
                        found.add(r);
                    }
                }
            }
            // every record a test reads from our topics must be what the schemas in esquemas/ say
            found.forEach(Contrato::registro);
            return found;
        }
    }

    /** The end offset of every partition of the given topics: proves that nothing was produced. */
    public static Map<TopicPartition, Long> finales(String brokers, List<String> topics) {
        try (KafkaConsumer<String, String> c = consumidor(brokers, null)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                tps.add(new TopicPartition(t, 0));
                tps.add(new TopicPartition(t, 1));
            }
            return c.endOffsets(tps);
        }
    }

    /** The consumer groups of our flows, as the routes name them. */
    public static final List<String> GRUPOS = List.of("gremio-ventas", "gremio-ubicaciones", "gremio-stock",
            "gremio-miembros");

    /** Waits until every group has committed the end of every partition it reads: all was processed. */
    public static void esperarConsumo(String brokers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            long deadline = System.currentTimeMillis() + 60_000;
            String pendiente = null;
            do {
                pendiente = null;
                for (String grupo : GRUPOS) {
                    Map<TopicPartition, OffsetAndMetadata> hechos = admin.listConsumerGroupOffsets(grupo)
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    String topico = topicoDe(grupo);
                    for (int p = 0; p < 2; p++) {
                        TopicPartition tp = new TopicPartition(topico, p);
                        long fin = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                                .get(10, TimeUnit.SECONDS).offset();
                        OffsetAndMetadata hecho = hechos.get(tp);
                        if (fin > 0 && (hecho == null || hecho.offset() < fin)) {
                            pendiente = grupo + " on " + tp + ": " + (hecho == null ? "none" : hecho.offset())
                                    + " of " + fin;
                        }
                    }
                }
                if (pendiente != null) {
                    Thread.sleep(100);
                }
            } while (pendiente != null && System.currentTimeMillis() < deadline);
            if (pendiente != null) {
                throw new AssertionError("not consumed within 60 s: " + pendiente);
            }
        }
    }

    private static String topicoDe(String grupo) {
        return switch (grupo) {
            case "gremio-ventas" -> "NuevaVenta";
            case "gremio-ubicaciones" -> "Ubicacion";
            case "gremio-stock" -> "Stock";
            default -> "NuevoMiembro";
        };
    }

    /** Produces one record as another producer would (acks=all), for poison records and replays. */
    public static void producir(String brokers, String topic, int partition, String key, byte[] value)
            throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", brokers, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(ajeno(new ProducerRecord<>(topic, partition, key, value))).get(10, TimeUnit.SECONDS);
        }
    }

    /** Sends every record of our four topics once more, to the same partition: a redelivery of everything. */
    public static int repetirTodo(String brokers) throws Exception {
        int n = 0;
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", brokers, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : ValidacionIT.TOPICOS) {
                for (int partition = 0; partition < 2; partition++) {
                    for (ConsumerRecord<String, String> r : de(brokers, topic, partition, x -> true)) {
                        p.send(ajeno(new ProducerRecord<>(topic, partition, r.key(), r.value().getBytes())));
                        n++;
                    }
                }
            }
            p.flush();
        }
        return n;
    }

    /** Marks a record a test produces (hostile input, replays): the schema check leaves it alone. */
    public static <K, V> ProducerRecord<K, V> ajeno(ProducerRecord<K, V> registro) {
        registro.headers().add(Contrato.AJENO, new byte[0]);
        return registro;
    }

    public static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
