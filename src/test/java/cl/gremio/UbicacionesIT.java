package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live positions expire after the window; prófugo reports are listed newest first. */
class UbicacionesIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    static String venta(String carrito, double lat, OffsetDateTime hora) {
        return "{\"carrito\":\"" + carrito + "\",\"cliente\":\"x\",\"cantidad\":1,\"stock\":90,\"latitud\":" + lat
                + ",\"longitud\":-70.5,\"hora\":\"" + hora + "\"}";
    }

    static JsonNode ubicacion(String carrito) throws Exception {
        for (JsonNode pagina : app.paginas("/api/ubicaciones?limite=500")) {
            for (JsonNode u : pagina) {
                if (u.get("carrito").asText().equals(carrito)) {
                    return u;
                }
            }
        }
        return null;
    }

    @Test
    void soloCarritosOidosDentroDeLaVentanaYLaPosicionMasNueva() throws Exception {
        String activo = "U-" + UUID.randomUUID().toString().substring(0, 6);
        String silencioso = "U-" + UUID.randomUUID().toString().substring(0, 6);
        OffsetDateTime ahora = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

        app.postJson("/api/ventas", venta(activo, -33.40, ahora.minusSeconds(5)));
        app.postJson("/api/ventas", venta(activo, -33.30, ahora.minusSeconds(30))); // late, older: ignored
        app.postJson("/api/ventas", venta(silencioso, -33.50, ahora.minusSeconds(61)));
        Registros.esperarConsumo(app.brokers());

        JsonNode u = ubicacion(activo);
        assertEquals(-33.40, u.get("latitud").asDouble(), "an older position never replaces a newer one");
        assertEquals(-70.5, u.get("longitud").asDouble());
        assertEquals(ahora.minusSeconds(5).toInstant(), OffsetDateTime.parse(u.get("hora").asText()).toInstant());
        assertNull(ubicacion(silencioso), "silent for more than 60 s");
    }

    @Test
    void avisosDelMasNuevoAlMasAntiguo() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        // the newest reports of all: no test sends a report ahead of the clock (it is refused)
        OffsetDateTime nuevo = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(4).truncatedTo(ChronoUnit.SECONDS);
        app.postJson("/api/avisos", "{\"id\":\"" + id + "-viejo\",\"latitud\":-33,\"longitud\":-70,"
                + "\"hora\":\"" + nuevo.minusSeconds(10) + "\"}");
        app.postJson("/api/avisos", "{\"id\":\"" + id + "-nuevo\",\"carrito\":\"AB-1\",\"latitud\":-33.5,"
                + "\"longitud\":-70.5,\"hora\":\"" + nuevo + "\"}");
        Registros.esperarConsumo(app.brokers());

        JsonNode avisos = json(app.get("/api/avisos").body());
        assertEquals(id + "-nuevo", avisos.get(0).get("id").asText());
        assertEquals("AB-1", avisos.get(0).get("carrito").asText());
        assertEquals(id + "-viejo", avisos.get(1).get("id").asText());
        assertEquals(true, avisos.get(1).get("carrito").isNull());
        assertEquals(nuevo.toInstant(),
                OffsetDateTime.parse(avisos.get(0).get("hora").asText()).toInstant());
    }
}
