package cl.gremio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what really is in a topic partition, with a plain Kafka consumer. */
public final class Registros {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Registros() {
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

    /** Every record of one partition whose key matches, waiting up to 15 s for at least one. */
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

    public static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
