package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import cl.gremio.kafka.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * While Kafka cannot acknowledge, a write is refused with 503 and Retry-After, never a false 202;
 * the 503 names the id to retry with (the one sent, or the one generated), and that retry is
 * stored once.
 */
class KafkaCaidoIT {

    static final String VENTA = "{\"id\":\"reintento-1\",\"carrito\":\"K-1\",\"cliente\":\"Ana\",\"cantidad\":2,"
            + "\"stock\":30,\"latitud\":1,\"longitud\":1}";
    static final String VENTA_SIN_ID = "\"carrito\":\"K-2\",\"cliente\":\"Ana\",\"cantidad\":2,"
            + "\"stock\":30,\"latitud\":1,\"longitud\":1}";

    static CompletableFuture<HttpResponse<String>> enParalelo(AppEnMarcha app, String path, String json) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return app.postJson(path, json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void assertNo(HttpResponse<String> r) {
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(Registros.json(r.body()).get("error").asText().contains("reintente"), r.body());
    }

    static int guardadas(AppEnMarcha app, String carrito) throws Exception {
        DataSource ds = app.main().getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (var c = ds.getConnection(); var s = c.prepareStatement("SELECT COUNT(*) FROM venta WHERE carrito = ?")) {
            s.setString(1, carrito);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void sinBrokerResponde503ConElIdYElReintentoQuedaUnaVez() throws Exception {
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of())) {
            assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"K-0\",\"cliente\":\"Ana\",\"cantidad\":2,"
                    + "\"stock\":30,\"latitud\":1,\"longitud\":1}").statusCode(), "warm: producer connected");
            EmbeddedKafka broker = app.main().getCamelContext().hasService(EmbeddedKafka.class);
            broker.stop();

            // all at once: each waits for Kafka up to max-block-ms
            long t0 = System.nanoTime();
            var conId = enParalelo(app, "/api/ventas", VENTA);
            var sinId = enParalelo(app, "/api/ventas", "{" + VENTA_SIN_ID);
            var aviso = enParalelo(app, "/api/avisos", "{\"latitud\":1,\"longitud\":1}");
            var miembro = enParalelo(app, "/api/miembros", "{\"nombre\":\"Juan\",\"apellido\":\"Pérez\","
                    + "\"rut\":\"12.345.678-5\",\"email\":\"juan@example.cl\",\"patente\":\"BBBB12\"}");
            HttpResponse<String> r = conId.get();
            long segundos = (System.nanoTime() - t0) / 1_000_000_000;

            assertNo(r);
            assertEquals("reintento-1", Registros.json(r.body()).get("id").asText(), "the id sent comes back");
            assertTrue(segundos < 15, "answered in " + segundos + " s");
            assertNo(sinId.get());
            String generado = Registros.json(sinId.get().body()).get("id").asText();
            assertTrue(generado.matches("[A-Za-z0-9._:-]{1,64}"), "a generated id comes back: " + generado);
            assertNo(aviso.get());
            JsonNode avisoNo = Registros.json(aviso.get().body());
            assertTrue(avisoNo.get("id").asText().matches("[A-Za-z0-9._:-]{1,64}"), avisoNo.toString());
            assertNo(miembro.get());
            assertEquals("12345678-5", Registros.json(miembro.get().body()).get("rut").asText(),
                    "an application is retried by its RUT");

            broker.start();
            HttpResponse<String> reintento = app.postJson("/api/ventas", VENTA);
            assertEquals(202, reintento.statusCode(), "the client's retry succeeds once Kafka is back: "
                    + reintento.body());
            HttpResponse<String> conGenerado = app.postJson("/api/ventas", "{\"id\":\"" + generado + "\","
                    + VENTA_SIN_ID);
            assertEquals(202, conGenerado.statusCode(), conGenerado.body());
            assertEquals(generado, Registros.json(conGenerado.body()).get("id").asText());
            // a second retry of the same sale (say its 202 was lost) changes nothing either
            assertEquals(202, app.postJson("/api/ventas", "{\"id\":\"" + generado + "\"," + VENTA_SIN_ID)
                    .statusCode());

            assertEquals(1, Registros.de(app.brokers(), "NuevaVenta", 0, rec -> "K-1".equals(rec.key())).size(),
                    "the refused attempt left nothing behind; the retry is there once");
            Registros.esperarConsumo(app.brokers());
            assertEquals(1, guardadas(app, "K-1"), "one sale stored");
            assertEquals(1, guardadas(app, "K-2"), "one sale stored for the id the 503 gave back");
            assertNotEquals(generado, Registros.json(reintento.body()).get("id").asText());
        }
    }
}
