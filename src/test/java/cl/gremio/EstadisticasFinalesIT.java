package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A day whose 23:59 run never happened (the sales arrive two days late, as from a cart that was
 * offline) gets final statistics from the revision once its sales are consumed; a sale for it
 * stored after that makes the revision compute it again. Today stays provisional.
 */
class EstadisticasFinalesIT {

    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

    static String venta(String id, String cliente, int cantidad, String hora) {
        return """
                {"id":"%s","carrito":"F-1","cliente":"%s","cantidad":%d,"stock":50,"latitud":-33.4,"longitud":-70.6,
                 "hora":"%s"}""".formatted(id, cliente, cantidad, hora);
    }

    /** The stored statistics of {@code dia} once they satisfy {@code listas} (or after 30 s, whatever they are). */
    static JsonNode esperar(AppEnMarcha app, String dia, Predicate<JsonNode> listas) throws Exception {
        JsonNode leidas = null;
        long hasta = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < hasta) {
            var r = app.get("/api/estadisticas/" + dia);
            if (r.statusCode() == 200) {
                leidas = json(r.body());
                if (listas.test(leidas)) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        return leidas;
    }

    @Test
    void unDiaPerdidoQuedaConEstadisticasFinalesYUnaVentaTardiaLasRehace() throws Exception {
        String dia = LocalDate.now(SANTIAGO).minusDays(2).toString();
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of("gremio.estadisticas.revision-ms", "500",
                "gremio.turno.revision-ms", "500", "gremio.instancia", "sola"))) {
            assertEquals(202, app.postJson("/api/ventas", venta("f1", "Ana", 3, dia + "T10:00:00")).statusCode());
            assertEquals(202, app.postJson("/api/ventas", venta("f2", "ana ", 2, dia + "T18:30:00")).statusCode());
            assertEquals(202, app.postJson("/api/ventas", venta("f3", "Beto", 4, dia + "T23:59:59")).statusCode());

            JsonNode finales = esperar(app, dia, e -> e.get("final").asBoolean()
                    && e.get("totales").get("ventas").asInt() == 3 && e.get("totales").get("clientes").asInt() == 2);
            assertEquals(json("""
                    {"fecha":"%s","carritos":[
                      {"carrito":"F-1","ventas":3,"sopaipillas":9,"clientes":2,"promedioPorCliente":4.5,"promedioPorVenta":3.0,
                       "clientesFrecuentes":[{"cliente":"ana","compras":2,"sopaipillas":5,"promedio":2.5}]}],
                     "totales":{"ventas":3,"sopaipillas":9,"clientes":2,"promedioPorCliente":4.5},"final":true}"""
                    .formatted(dia)), finales, "the missed day, computed by the revision");

            // a cart that was offline uploads one more sale of that day: the final day is computed again
            assertEquals(202, app.postJson("/api/ventas", venta("f4", "Eva", 1, dia + "T07:00:00")).statusCode());
            JsonNode rehechas = esperar(app, dia, e -> e.get("final").asBoolean()
                    && e.get("totales").get("clientes").asInt() == 3);
            assertEquals(4, rehechas.get("totales").get("ventas").asInt(), "late sale counted: " + rehechas);
            assertEquals(10, rehechas.get("totales").get("sopaipillas").asInt());

            // today has not closed: computing it gives provisional statistics, the revision leaves it so
            String hoy = LocalDate.now(SANTIAGO).toString();
            assertFalse(json(app.post("/api/estadisticas/" + hoy, null, "").body()).get("final").asBoolean());

            // this instance claimed that day's 23:59 firing and died before completing it (the row as
            // it left it); a live instance never takes its own claim back, the restarted one does
            String disparo = dia + " 23:59:00.000" + LocalDate.parse(dia).atStartOfDay(SANTIAGO).getOffset();
            actualizar(app, "INSERT INTO tarea_programada (tarea, disparo, instancia, tomada) VALUES "
                    + "('estadisticas-diarias', CAST('" + disparo + "' AS TIMESTAMP WITH TIME ZONE), 'sola', "
                    + "CAST('" + java.time.OffsetDateTime.now() + "' AS TIMESTAMP WITH TIME ZONE))");
            app.reiniciar(Map.of());
            long hasta = System.currentTimeMillis() + 30_000;
            while (completadas(app, disparo) == 0 && System.currentTimeMillis() < hasta) {
                Thread.sleep(200);
            }
            assertEquals(1, completadas(app, disparo), "the restarted instance completed its own firing");
            JsonNode despues = json(app.get("/api/estadisticas/" + dia).body());
            assertEquals(4, despues.get("totales").get("ventas").asInt(), "the firing computed its own day");
            assertTrue(despues.get("final").asBoolean(), "a final day stays final: " + despues);
        }
    }

    static javax.sql.DataSource almacen(AppEnMarcha app) {
        return app.main().getCamelContext().getRegistry().lookupByNameAndType("dataSource", javax.sql.DataSource.class);
    }

    static void actualizar(AppEnMarcha app, String sql) throws Exception {
        try (var c = almacen(app).getConnection(); var st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    static int completadas(AppEnMarcha app, String disparo) throws Exception {
        try (var c = almacen(app).getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM tarea_programada WHERE tarea = 'estadisticas-diarias' "
                        + "AND disparo = CAST('" + disparo + "' AS TIMESTAMP WITH TIME ZONE) AND completada IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
