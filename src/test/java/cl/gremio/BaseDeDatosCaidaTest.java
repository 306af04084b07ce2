package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The database goes away in the middle of the sales and comes back: the carts keep getting
 * 202 (Kafka holds the records), readiness says DOWN meanwhile, the consumers retry without
 * skipping anything, and once the database is back every sale is counted exactly once. A
 * poison record among them reaches the DLT once, not once per retry.
 */
class BaseDeDatosCaidaTest {

    static final int VENTAS = 90;

    @Test
    void losConsumidoresEsperanALaBaseYNoPierdenNada() throws Exception {
        try (Postgres pg = Postgres.nueva(); ProxyTcp proxy = new ProxyTcp(5432)) {
            Map<String, String> ajustes = new HashMap<>(pg.ajustes());
            ajustes.put("gremio.db.url", "jdbc:postgresql://127.0.0.1:" + proxy.puerto + "/" + pg.nombre
                    + "?connectTimeout=2&socketTimeout=10");
            try (AppEnMarcha app = AppEnMarcha.nueva(ajustes)) {
                String veneno = "veneno-" + UUID.randomUUID().toString().substring(0, 8);
                for (int i = 0; i < VENTAS; i++) {
                    if (i == VENTAS / 3) {
                        proxy.cortar();
                        // a record that breaks the contract, read again with every retry of its poll
                        Registros.producir(app.brokers(), "NuevaVenta", 0, veneno,
                                "no es JSON".getBytes(StandardCharsets.UTF_8));
                    }
                    assertEquals(202, app.postJson("/api/ventas", MatarProcesoTest.venta(i)).statusCode(),
                            "writes do not need the database");
                    if (i == 2 * VENTAS / 3) {
                        HttpResponse<String> salud = app.send(app.request("/").uri(java.net.URI.create(
                                "http://127.0.0.1:" + app.managementPort + "/observe/health/ready")).GET());
                        assertEquals(503, salud.statusCode(), "not ready without its database: " + salud.body());
                        Thread.sleep(6_000); // long enough for consumers to fail, retry and seek back
                        proxy.restaurar();
                    }
                }
                Registros.esperarConsumo(app.brokers());
                JsonNode totales = json(app.post("/api/estadisticas/" + MatarProcesoTest.DIA, null, "").body())
                        .get("totales");
                assertEquals(VENTAS, totales.get("ventas").asInt(), "nothing skipped, nothing twice: " + totales);
                int sopaipillas = 0;
                for (int i = 0; i < VENTAS; i++) {
                    sopaipillas += MatarProcesoTest.cantidad(i);
                }
                assertEquals(sopaipillas, totales.get("sopaipillas").asInt());
                assertEquals(1, Registros.de(app.brokers(), "NuevaVenta.DLT", DltTest.particionDe(veneno),
                        r -> veneno.equals(r.key())).size(), "one DLT copy, however often its poll was retried");
            }
        }
    }
}
