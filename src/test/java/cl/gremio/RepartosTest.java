package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Replenishment requests are grouped five at a time into a delivery round; a round that waited
 * too long leaves with fewer; an open round survives a restart.
 */
class RepartosTest {

    static void pedir(AppEnMarcha app, String carrito) throws Exception {
        assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"" + carrito + "\",\"cliente\":\"x\","
                + "\"cantidad\":1,\"stock\":5,\"latitud\":1,\"longitud\":1}").statusCode());
    }

    static JsonNode reposiciones(AppEnMarcha app) throws Exception {
        return json(app.get("/api/reposiciones").body());
    }

    static List<String> carritos(JsonNode reparto) {
        List<String> c = new ArrayList<>();
        reparto.get("carritos").forEach(n -> c.add(n.asText()));
        return c;
    }

    @Test
    void loteDeCincoUnSextoEsperaYUnLoteAbiertoSobreviveAlReinicio() throws Exception {
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of("gremio.reparto.espera-max", "4000"))) {
            for (String c : List.of("R1", "R2", "R3", "R4", "R5", "R6")) {
                pedir(app, c);
                Registros.esperarConsumo(app.brokers()); // in this order into the batch
            }
            JsonNode r = reposiciones(app);
            assertEquals(1, r.get("repartos").size(), r.toString());
            assertEquals(List.of("R1", "R2", "R3", "R4", "R5"), carritos(r.get("repartos").get(0)));
            long primero = r.get("repartos").get(0).get("id").asLong();
            JsonNode sexta = r.get("solicitudes").get(0);
            assertEquals("R6", sexta.get("carrito").asText());
            assertTrue(sexta.get("reparto").isNull(), "the sixth waits for a batch");
            assertEquals(primero, r.get("solicitudes").get(1).get("reparto").asLong());

            long hasta = System.currentTimeMillis() + 15_000;
            while (reposiciones(app).get("repartos").size() < 2 && System.currentTimeMillis() < hasta) {
                Thread.sleep(200);
            }
            r = reposiciones(app);
            assertEquals(List.of("R6"), carritos(r.get("repartos").get(0)), "closed with fewer after waiting: " + r);

            // an open batch is kept in the store: two requests before the restart, three after
            app.reiniciar(Map.of("gremio.reparto.espera-max", "600000"));
            pedir(app, "S1");
            pedir(app, "S2");
            Registros.esperarConsumo(app.brokers());
            app.reiniciar(Map.of());
            for (String c : List.of("S3", "S4", "S5")) {
                pedir(app, c);
                Registros.esperarConsumo(app.brokers());
            }
            r = reposiciones(app);
            assertEquals(3, r.get("repartos").size(), r.toString());
            List<String> ultimo = carritos(r.get("repartos").get(0));
            assertEquals(5, ultimo.size(), ultimo.toString());
            assertTrue(ultimo.containsAll(List.of("S1", "S2", "S3", "S4", "S5")), ultimo.toString());
        }
    }
}
