package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The embedded default keeps its topics, records and committed offsets across a restart. */
class ReinicioIT {

    @Test
    void reinicioSobreElMismoDirectorioConservaTopicosRegistrosYOffsets() throws Exception {
        TopicPartition ventas0 = new TopicPartition("NuevaVenta", 0);
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"R-1\",\"cliente\":\"c" + i
                        + "\",\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}").statusCode());
            }
            try (KafkaConsumer<String, String> c = Registros.consumidor(app.brokers(), "prueba-reinicio")) {
                c.subscribe(List.of("NuevaVenta"));
                int leidos = 0;
                long deadline = System.currentTimeMillis() + 20_000;
                while (leidos < 6 && System.currentTimeMillis() < deadline) {
                    leidos += c.poll(Duration.ofMillis(200)).count();
                }
                assertEquals(6, leidos, "three sales and their client parts");
                c.commitSync();
            }

            app.close();
            app.iniciar();

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
                Map<String, TopicDescription> topicos = admin.describeTopics(ValidacionIT.TOPICOS)
                        .allTopicNames().get(20, TimeUnit.SECONDS);
                for (String t : ValidacionIT.TOPICOS) {
                    assertEquals(2, topicos.get(t).partitions().size(), t + " keeps its two partitions");
                }
            }
            assertEquals(3, Registros.de(app.brokers(), "NuevaVenta", 0, r -> "R-1".equals(r.key())).size());
            try (KafkaConsumer<String, String> c = Registros.consumidor(app.brokers(), "prueba-reinicio")) {
                Map<TopicPartition, OffsetAndMetadata> committed = c.committed(Set.of(ventas0));
                assertEquals(3L, committed.get(ventas0).offset(), "the group's committed offset survived");
            }
            assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"R-1\",\"cliente\":\"otra\","
                    + "\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}").statusCode());
        }
    }
}
