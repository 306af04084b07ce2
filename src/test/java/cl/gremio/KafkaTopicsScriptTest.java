package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kafka-topics.sh creates what is missing with two partitions, prints the layout, and can run twice. */
class KafkaTopicsScriptTest {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    static String correr(String topicos) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "kafka-topics.sh", "--bootstrap-server", app.brokers())
                .redirectErrorStream(true);
        // Kafka's TopicCommand from the test classpath: no Kafka install, no packaged jar needed
        pb.environment().put("GREMIO_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("GREMIO_TOPICOS", topicos);
        pb.environment().put("PATH", "/usr/bin:/bin"); // no Kafka distribution on PATH
        Process p = pb.start();
        String salida = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), salida);
        return salida;
    }

    @Test
    void creaLoQueFaltaConDosParticionesYEsIdempotente() throws Exception {
        String nuevo = "Prueba" + UUID.randomUUID().toString().substring(0, 6);
        String primera = correr("NuevaVenta " + nuevo);
        assertTrue(primera.contains("Topic: " + nuevo) && primera.contains("PartitionCount: 2"), primera);
        correr("NuevaVenta " + nuevo);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
            assertEquals(2, admin.describeTopics(List.of(nuevo)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(nuevo).partitions().size());
        }
    }
}
