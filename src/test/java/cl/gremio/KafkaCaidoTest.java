package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import cl.gremio.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;

/** While Kafka cannot acknowledge, a write is refused with 503 and Retry-After, never a false 202. */
class KafkaCaidoTest {

    static final String VENTA = "{\"id\":\"reintento-1\",\"carrito\":\"K-1\",\"cliente\":\"Ana\",\"cantidad\":2,"
            + "\"stock\":30,\"latitud\":1,\"longitud\":1}";

    @Test
    void sinBrokerResponde503ConRetryAfterYVuelveAAceptarAlVolver() throws Exception {
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of())) {
            assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"K-0\",\"cliente\":\"Ana\",\"cantidad\":2,"
                    + "\"stock\":30,\"latitud\":1,\"longitud\":1}").statusCode(), "warm: producer connected");
            EmbeddedKafka broker = app.main().getCamelContext().hasService(EmbeddedKafka.class);
            broker.stop();

            long t0 = System.nanoTime();
            HttpResponse<String> r = app.postJson("/api/ventas", VENTA);
            long segundos = (System.nanoTime() - t0) / 1_000_000_000;

            assertEquals(503, r.statusCode(), r.body());
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
            assertTrue(Registros.json(r.body()).get("error").asText().contains("reintente"));
            assertTrue(segundos < 15, "answered in " + segundos + " s");

            broker.start();
            HttpResponse<String> reintento = app.postJson("/api/ventas", VENTA);
            assertEquals(202, reintento.statusCode(), "the client's retry succeeds once Kafka is back: "
                    + reintento.body());
            assertEquals(1, Registros.de(app.brokers(), "NuevaVenta", 0, rec -> "K-1".equals(rec.key())).size(),
                    "the refused attempt left nothing behind; the retry is there once");
        }
    }
}
