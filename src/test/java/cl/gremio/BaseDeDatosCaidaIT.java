package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The database goes away in the middle of the sales and comes back. While it is away readiness
 * says DOWN and the write endpoints answer 503 with Retry-After and the id to retry with (a 202
 * would promise what cannot be stored); the records already on Kafka wait, the consumers retry
 * without skipping anything, and once the database is back the clients' retries are accepted and
 * every sale is counted exactly once. A poison record read with every retry of its poll reaches
 * the DLT once.
 */
class BaseDeDatosCaidaIT {

    static final int VENTAS = 90;

    @Test
    void sinBaseLasEscriturasEsperanYNadaSePierde() throws Exception {
        try (Postgres pg = Postgres.nueva(); ProxyTcp proxy = new ProxyTcp(5432)) {
            Map<String, String> ajustes = new HashMap<>(pg.ajustes());
            ajustes.put("gremio.db.url", "jdbc:postgresql://127.0.0.1:" + proxy.puerto + "/" + pg.nombre
                    + "?connectTimeout=2&socketTimeout=10");
            try (AppEnMarcha app = AppEnMarcha.nueva(ajustes)) {
                String veneno = "veneno-" + UUID.randomUUID().toString().substring(0, 8);
                List<Integer> reintentar = new ArrayList<>();
                for (int i = 0; i < VENTAS; i++) {
                    if (i == VENTAS / 3) {
                        proxy.cortar();
                        // records acknowledged before the outage was noticed: a sale, and a record that breaks
                        // the contract in the same poll, read again with every retry of that poll
                        Registros.producir(app.brokers(), "NuevaVenta", 0, "K-0", VENTA_DIRECTA.getBytes(StandardCharsets.UTF_8));
                        Registros.producir(app.brokers(), "NuevaVenta", 0, veneno,
                                "no es JSON".getBytes(StandardCharsets.UTF_8));
                        assertEquals(503, esperarSalud(app, 503).statusCode(), "not ready without its database");
                    }
                    HttpResponse<String> r = app.postJson("/api/ventas", MatarProcesoIT.venta(i));
                    if (i >= VENTAS / 3 && i < 2 * VENTAS / 3) {
                        assertEquals(503, r.statusCode(), "no 202 while the store cannot take it: " + r.body());
                        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
                        assertEquals("k-" + i, json(r.body()).get("id").asText(), "the 503 names the id to retry with");
                        reintentar.add(i);
                    } else {
                        assertEquals(202, r.statusCode(), r.body());
                    }
                    if (i == 2 * VENTAS / 3 - 1) {
                        Thread.sleep(4_000); // long enough for the consumers to fail, retry and seek back
                        proxy.restaurar();
                        assertEquals(200, esperarSalud(app, 200).statusCode(), "ready again");
                        for (int j : reintentar) {
                            assertEquals(202, app.postJson("/api/ventas", MatarProcesoIT.venta(j)).statusCode(),
                                    "the client's retry with the same id");
                        }
                    }
                }
                Registros.esperarConsumo(app.brokers());
                JsonNode totales = json(app.post("/api/estadisticas/" + MatarProcesoIT.DIA, null, "").body())
                        .get("totales");
                assertEquals(VENTAS + 1, totales.get("ventas").asInt(), "nothing skipped, nothing twice: " + totales);
                int sopaipillas = 7; // the sale produced straight to Kafka
                for (int i = 0; i < VENTAS; i++) {
                    sopaipillas += MatarProcesoIT.cantidad(i);
                }
                assertEquals(sopaipillas, totales.get("sopaipillas").asInt());
                assertEquals(1, Registros.de(app.brokers(), "NuevaVenta.DLT", DltIT.particionDe(veneno),
                        r -> veneno.equals(r.key())).size(), "one DLT copy, however often its poll was retried");
            }
        }
    }

    static final String VENTA_DIRECTA = "{\"id\":\"directa\",\"carrito\":\"K-0\",\"cantidad\":7,\"hora\":\""
            + MatarProcesoIT.DIA + "T12:00:00-03:00\",\"cliente\":\"c0\",\"stock\":30,\"latitud\":-33,\"longitud\":-70}";

    /** Readiness, polled until it answers {@code estado} (or 20 s pass): the probe runs every 2 s. */
    static HttpResponse<String> esperarSalud(AppEnMarcha app, int estado) throws Exception {
        HttpResponse<String> salud;
        long hasta = System.currentTimeMillis() + 20_000;
        do {
            salud = app.send(app.request("/").uri(java.net.URI.create(
                    "http://127.0.0.1:" + app.managementPort + "/observe/health/ready")).GET());
            if (salud.statusCode() != estado) {
                Thread.sleep(200);
            }
        } while (salud.statusCode() != estado && System.currentTimeMillis() < hasta);
        return salud;
    }
}
