package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The integrator's walkthrough of docs/integradores.md, "Add a field to a sale", on a copy of the
 * project directory run by the application as built (nothing compiled): a new optional
 * {@code medioDePago} is declared in the request's and the record's schemas, given a column by a
 * migration and named in the sale's SQL, and is then accepted, refused and stored without a line
 * of Java. A tighter bound written in the request's schema takes effect the same way.
 */
class UnCampoNuevoIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String VENTA = "\"carrito\":\"MP-1\",\"cliente\":\"Ana\",\"cantidad\":3,\"stock\":50,"
            + "\"latitud\":-33.4,\"longitud\":-70.6";

    @Test
    void unCampoNuevoSinTocarJava() throws Exception {
        Path proyecto = copiaDelProyecto();
        ObjectNode medioDePago = JSON.createObjectNode().put("type", "string");
        medioDePago.putArray("enum").add("efectivo").add("tarjeta").add("transferencia");
        editar(proyecto.resolve("config/esquemas/solicitud-venta.json"),
                e -> ((ObjectNode) e.get("properties")).set("medioDePago", medioDePago));
        editar(proyecto.resolve("config/esquemas/venta.json"),
                e -> ((ObjectNode) e.get("properties")).set("medioDePago", medioDePago));
        // as the walkthrough says: the next version above every one of both folders
        Files.writeString(proyecto.resolve("config/migraciones/V" + siguienteVersion(proyecto) + "__medio_de_pago.sql"),
                "-- how a sale was paid; null for the sales before it was asked\n"
                        + "ALTER TABLE venta ADD COLUMN medio_de_pago VARCHAR(20);\n");
        Files.writeString(proyecto.resolve("config/sql/venta-guardar.sql"), """
                -- NuevaVenta/0: a sale, with its client key when the client part is already stored
                INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, medio_de_pago, clave)
                VALUES (:#carrito, :#id, :#cantidad, :#hora, :#cliente, :#stock, :#latitud, :#longitud, :#medioDePago,
                        (SELECT c.clave FROM venta_cliente c WHERE c.carrito = :#carrito AND c.id = :#id))
                ON CONFLICT DO NOTHING
                """);

        try (Postgres pg = Postgres.nueva()) {
            int kafka = AppEnMarcha.puertoLibre();
            ProcesoGremio app = proceso(proyecto, pg, kafka);
            try {
                app.arrancar("un-campo-nuevo");
                assertEquals(202, vender(app, "{\"id\":\"mp-tarjeta\"," + VENTA + ",\"medioDePago\":\"tarjeta\"}")
                        .statusCode());
                HttpResponse<String> cheque = vender(app, "{\"id\":\"mp-cheque\"," + VENTA + ",\"medioDePago\":\"cheque\"}");
                assertEquals(400, cheque.statusCode(), cheque.body());
                assertEquals("medioDePago", Registros.json(cheque.body()).get("campo").asText(), cheque.body());
                assertEquals(202, vender(app, "{\"id\":\"mp-sin\"," + VENTA + "}").statusCode());

                JsonNode registro = registroDeVenta("127.0.0.1:" + kafka, "mp-tarjeta");
                assertEquals("tarjeta", registro.path("medioDePago").asText(), "the NuevaVenta/0 record carries it: " + registro);
                assertTrue(registroDeVenta("127.0.0.1:" + kafka, "mp-sin").path("medioDePago").isMissingNode(),
                        "a sale without it carries none");
                assertEquals("tarjeta", medioGuardado(pg, "mp-tarjeta"), "the stored row carries it");
                assertEquals(null, medioGuardado(pg, "mp-sin"), "a sale without it is stored without it");
            } finally {
                app.detener();
            }

            // the same copy, a bound tightened in the request's schema only
            editar(proyecto.resolve("config/esquemas/solicitud-venta.json"),
                    e -> ((ObjectNode) e.get("properties")).set("cantidad",
                            JSON.createObjectNode().put("$ref", "comun.json#/$defs/cantidad").put("maximum", 7)));
            app = proceso(proyecto, pg, kafka);
            try {
                app.arrancar("un-campo-nuevo-maximo");
                HttpResponse<String> ocho = vender(app, "{" + VENTA.replace("\"cantidad\":3", "\"cantidad\":8") + "}");
                assertEquals(400, ocho.statusCode(), ocho.body());
                assertEquals("cantidad", Registros.json(ocho.body()).get("campo").asText(), ocho.body());
                assertTrue(ocho.body().contains("7"), "says the new bound: " + ocho.body());
                assertEquals(202, vender(app, "{" + VENTA.replace("\"cantidad\":3", "\"cantidad\":7") + "}").statusCode());
            } finally {
                app.detener();
            }
        }
    }

    /** config/ and routes/ as the project has them, in a directory of their own. */
    private static Path copiaDelProyecto() throws Exception {
        Path proyecto = Files.createTempDirectory("gremio-campo-nuevo");
        for (String carpeta : List.of("config", "routes")) {
            try (Stream<Path> archivos = Files.walk(Path.of(carpeta))) {
                for (Path archivo : archivos.toList()) {
                    Files.copy(archivo, proyecto.resolve(archivo));
                }
            }
        }
        return proyecto;
    }

    private static void editar(Path esquema, Consumer<ObjectNode> cambio) throws Exception {
        ObjectNode e = (ObjectNode) JSON.readTree(esquema.toFile());
        cambio.accept(e);
        JSON.writeValue(esquema.toFile(), e);
    }

    private static ProcesoGremio proceso(Path proyecto, Postgres pg, int kafka) throws Exception {
        Map<String, String> ajustes = new java.util.HashMap<>(pg.ajustes());
        ajustes.put("gremio.kafka.embedded.port", String.valueOf(kafka));
        ajustes.put("gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre()));
        ProcesoGremio app = new ProcesoGremio(ajustes);
        app.directorio = proyecto;
        return app;
    }

    /** Not checked against the project's OpenAPI document: this copy's contract has a field more. */
    private static HttpResponse<String> vender(ProcesoGremio app, String json) throws Exception {
        return app.cliente.send(HttpRequest.newBuilder(app.uri("/api/ventas")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sale's NuevaVenta/0 record, read as it is (the project's own venta.json lacks the new field). */
    private static JsonNode registroDeVenta(String brokers, String id) throws Exception {
        TopicPartition tp = new TopicPartition("NuevaVenta", 0);
        try (KafkaConsumer<String, String> c = Registros.consumidor(brokers, null)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long fin = c.endOffsets(List.of(tp)).get(tp);
            List<JsonNode> hallados = new ArrayList<>();
            long hasta = System.currentTimeMillis() + 15_000;
            while (c.position(tp) < fin && System.currentTimeMillis() < hasta) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    JsonNode v = JSON.readTree(r.value());
                    if (id.equals(v.path("id").asText())) {
                        hallados.add(v);
                    }
                }
            }
            assertEquals(1, hallados.size(), "one NuevaVenta/0 record for " + id);
            return hallados.get(0);
        }
    }

    /** The stored sale's medio_de_pago, waiting up to 30 s for the consumer to store it. */
    private static String medioGuardado(Postgres pg, String id) throws Exception {
        long hasta = System.currentTimeMillis() + 30_000;
        try (Connection c = DriverManager.getConnection(Postgres.SERVIDOR + pg.nombre, "postgres", "");
                PreparedStatement st = c.prepareStatement("SELECT medio_de_pago FROM venta WHERE id = ?")) {
            st.setString(1, id);
            while (true) {
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
                if (System.currentTimeMillis() > hasta) {
                    throw new AssertionError("sale " + id + " was not stored within 30 s");
                }
                Thread.sleep(200);
            }
        }
    }

    /** One above the highest whole version in config/migraciones and config/migraciones-h2. */
    static int siguienteVersion(Path proyecto) throws java.io.IOException {
        int mayor = 0;
        for (String carpeta : new String[] {"config/migraciones", "config/migraciones-h2"}) {
            try (var archivos = Files.list(proyecto.resolve(carpeta))) {
                for (Path a : archivos.toList()) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("V(\\d+)").matcher(a.getFileName().toString());
                    if (m.lookingAt()) {
                        mayor = Math.max(mayor, Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        return mayor + 1;
    }
}
