package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the consumers keep, on H2 and on PostgreSQL: a day of sales with retries, midnight
 * borders and client-name variants gives exactly the hand-computed statistics, and neither a
 * redelivery of every record nor a restart changes a single figure.
 */
class AlmacenIT {

    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    /** A day three days back: every sale below is within the accepted window for hora. */
    static final LocalDate D = Dias.hace(3);
    static final String DIA = D.toString();

    /** Hand-computed from the sales below (see the comments there). */
    static final String ESPERADAS = """
            {"fecha":"%s","carritos":[
              {"carrito":"A-1","ventas":5,"sopaipillas":15,"clientes":2,"promedioPorCliente":7.5,"promedioPorVenta":3.0,
               "clientesFrecuentes":[{"cliente":"ana","compras":3,"sopaipillas":6,"promedio":2.0},
                                     {"cliente":"beto","compras":2,"sopaipillas":9,"promedio":4.5}]},
              {"carrito":"B-2","ventas":3,"sopaipillas":13,"clientes":2,"promedioPorCliente":6.5,"promedioPorVenta":4.33,
               "clientesFrecuentes":[{"cliente":"eva","compras":2,"sopaipillas":3,"promedio":1.5}]}],
             "totales":{"ventas":8,"sopaipillas":28,"clientes":3,"promedioPorCliente":9.33}}""".formatted(DIA);

    /**
     * The figures without the "final" flag: the day is closed and within the revision's reach, so
     * a revision may make it final at any moment (after the restart, it does); the figures stay.
     */
    static JsonNode figurasDe(String estadisticas) {
        JsonNode n = json(estadisticas);
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("final");
        return n;
    }

    /** An instant in UTC: {@code hora} on the day {@code dias} after D in the zone. */
    static String utc(int dias, int hora, int minuto, int segundo) {
        return ZonedDateTime.of(D.plusDays(dias), LocalTime.of(hora, minuto, segundo), SANTIAGO).toInstant().toString();
    }

    static String venta(String id, String carrito, String cliente, int cantidad, int stock, String hora) {
        return """
                {"id":"%s","carrito":"%s","cliente":"%s","cantidad":%d,"stock":%d,"latitud":-33.4,"longitud":-70.6,
                 "hora":"%s"}""".formatted(id, carrito, cliente, cantidad, stock, hora);
    }

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void estadisticasExactasQueNiRedeliveryNiReinicioCambian(String almacen) throws Exception {
        try (Postgres pg = almacen.equals("postgresql") ? Postgres.nueva() : null;
                AppEnMarcha app = AppEnMarcha.nueva(pg == null ? Map.of() : pg.ajustes())) {
            List<String> ventas = List.of(
                    // A-1 on the day: 5 sales (a5 sent twice), 15 sopaipillas, clients ana (3 spellings) and beto
                    venta("a1", "A-1", "Ana", 3, 10, DIA + "T10:00:00-03:00"),
                    venta("a2", "A-1", "  ana ", 2, 10, DIA + "T12:00:00"),
                    venta("a3", "A-1", "ANA", 1, 50, utc(0, 23, 59, 59)),        // last second of the day
                    venta("a4", "A-1", "Beto", 4, 50, DIA + "T00:00:00"),      // first second of the day
                    venta("a5", "A-1", "Beto", 5, 50, DIA + "T09:30"),
                    venta("a5", "A-1", "Beto", 5, 50, DIA + "T09:30"),         // the client's retry
                    // not on the day: midnight borders in the zone, not in UTC
                    venta("a6", "A-1", "Carla", 6, 50, utc(1, 0, 0, 0)),
                    venta("a7", "A-1", "Dani", 2, 50, utc(-1, 23, 59, 59)),
                    // B-2: ana again (one client across carts in the totals), eva twice
                    venta("b1", "B-2", "Ana", 10, 50, DIA + "T11:00:00"),
                    venta("b2", "B-2", "Eva", 2, 50, DIA + "T15:00:00"),
                    venta("b3", "B-2", "eva", 1, 50, DIA + "T16:00:00"));
            for (String v : ventas) {
                assertEquals(202, app.postJson("/api/ventas", v).statusCode(), v);
            }
            for (String m : List.of(
                    "nombre=Rosa&apellido=Soto&rut=7.654.321-6&email=rosa%40x.cl&patente=BBBB12&premium=si",
                    "nombre=Juan&apellido=Paz&rut=12.345.678-5&email=juan%40x.cl&patente=AB1234",
                    "nombre=Luis&apellido=Rey&rut=11.111.111-1&email=luis%40x.cl&patente=CD5678&premium=no")) {
                assertEquals(202, app.postForm("/api/miembros", m).statusCode());
            }
            assertEquals(202, app.postJson("/api/avisos", "{\"id\":\"p1\",\"carrito\":\"A-1\",\"latitud\":-33.1,"
                    + "\"longitud\":-70.1,\"hora\":\"" + DIA + "T13:00:00\"}").statusCode());
            Registros.esperarConsumo(app.brokers());

            JsonNode calculadas = figurasDe(app.post("/api/estadisticas/" + DIA, null, "").body());
            assertEquals(json(ESPERADAS), calculadas);
            assertEquals(calculadas, figurasDe(app.get("/api/estadisticas/" + DIA).body()));
            String reporte = Files.readString(app.dataDir.resolve("reportes/estadisticas-" + DIA + ".csv"));
            assertTrue(reporte.contains(DIA + ",A-1,5,15,2,7.5,3.0,"), reporte);
            assertTrue(reporte.contains(DIA + ",TOTAL,8,28,3,9.33,,"), reporte);

            HttpRequest.Builder rechazo = app.request("/api/miembros/11111111-1")
                    .header("Authorization", app.credenciales()).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"estado\":\"rechazado\"}"));
            assertEquals(200, app.send(rechazo).statusCode());
            Map<String, JsonNode> antes = figuras(app);
            assertEquals("[\"aprobado\",\"pendiente\",\"rechazado\"]", estados(antes.get("miembros")));
            assertEquals(2, antes.get("reposiciones").get("solicitudes").size(), "a1 and a2 left stock 10");
            // the map's read on this store: the two requests wait, at A-1's last position; A-1 itself
            // and the report are three days old, off the map
            JsonNode mapa = json(app.get("/api/mapa").body());
            assertEquals(2, mapa.get("reposiciones").size(), mapa.toString());
            for (JsonNode s : mapa.get("reposiciones")) {
                assertEquals("A-1", s.get("carrito").asText());
                assertEquals(10, s.get("stock").asInt());
                assertEquals(-33.4, s.get("latitud").asDouble(), 1e-9);
                assertEquals(-70.6, s.get("longitud").asDouble(), 1e-9);
            }
            assertEquals(0, mapa.get("carritos").size(), mapa.toString());
            assertEquals(0, mapa.get("avisos").size(), mapa.toString());

            int repetidos = Registros.repetirTodo(app.brokers());
            assertTrue(repetidos >= 4 * 10, "every record delivered again: " + repetidos);
            Registros.esperarConsumo(app.brokers());
            assertEquals(json(ESPERADAS), figurasDe(app.post("/api/estadisticas/" + DIA, null, "").body()));
            assertEquals(antes, figuras(app), "a redelivery of everything changes nothing");

            app.reiniciar(Map.of());
            assertEquals(antes, figuras(app), "a restart changes nothing");
            assertEquals(json(ESPERADAS), figurasDe(app.post("/api/estadisticas/" + DIA, null, "").body()));
        }
    }

    /** Everything a user can read back. */
    static Map<String, JsonNode> figuras(AppEnMarcha app) throws Exception {
        return Map.of(
                "estadisticas", figurasDe(app.get("/api/estadisticas/" + DIA).body()),
                "miembros", json(app.send(app.request("/api/miembros").header("Authorization", app.credenciales())
                        .GET()).body()),
                "reposiciones", json(app.get("/api/reposiciones").body()),
                "avisos", json(app.get("/api/avisos").body()));
    }

    static String estados(JsonNode miembros) {
        return List.of(miembros.get(2), miembros.get(1), miembros.get(0)).stream()
                .map(m -> "\"" + m.get("estado").asText() + "\"").sorted().toList().toString().replace(" ", "");
    }
}
