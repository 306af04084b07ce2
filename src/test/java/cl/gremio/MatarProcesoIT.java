package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the whole application (broker, consumers, database and all) in the middle of a
 * load: after a restart and the clients' retries of what was not answered, every sale is
 * counted exactly once.
 */
class MatarProcesoIT {

    static final int VENTAS = 300;
    static final String DIA = Dias.hace(1).toString();

    static int cantidad(int i) {
        return 1 + i % 7;
    }

    static String venta(int i) {
        return "{\"id\":\"k-" + i + "\",\"carrito\":\"K-" + (i % 5) + "\",\"cliente\":\"c" + (i % 11)
                + "\",\"cantidad\":" + cantidad(i) + ",\"stock\":" + (i % 40) + ",\"latitud\":-33,\"longitud\":-70,"
                + "\"hora\":\"" + DIA + "T12:00:00\"}";
    }

    static int sopaipillas() {
        int total = 0;
        for (int i = 0; i < VENTAS; i++) {
            total += cantidad(i);
        }
        return total;
    }

    /** Asks the instance to compute the day until every sale is counted (or 90 s pass); returns the totals. */
    static JsonNode totalesCuandoEstenTodas(ProcesoGremio app) throws Exception {
        JsonNode totales = null;
        long hasta = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < hasta) {
            totales = json(app.post("/api/estadisticas/" + DIA).body()).get("totales");
            if (totales.get("ventas").asInt() >= VENTAS && totales.get("clientes").asInt() == 11) {
                break;
            }
            Thread.sleep(500);
        }
        return totales;
    }

    /** The clients' retries, with the same ids, of every sale not yet answered 202: up to {@code intentos} each. */
    static void venderLoQueFalta(ProcesoGremio app, Set<Integer> confirmadas, int intentos) throws InterruptedException {
        for (int i = 0; i < VENTAS; i++) {
            for (int intento = 0; !confirmadas.contains(i) && intento < intentos; intento++) {
                if (app.vender(venta(i))) {
                    confirmadas.add(i);
                } else {
                    Thread.sleep(250);
                }
            }
        }
    }

    @Test
    void killMenos9EnMedioDeLaCargaNoPierdeNiDuplicaVentas() throws Exception {
        ProcesoGremio app = new ProcesoGremio(Map.of("gremio.kafka.embedded.port",
                String.valueOf(AppEnMarcha.puertoLibre()), "gremio.kafka.embedded.controller-port",
                String.valueOf(AppEnMarcha.puertoLibre())));
        app.opcionesJvm = List.of("@config/jvm.options"); // the operator's one process, as README starts it
        app.arrancar("matar-proceso-1");
        Set<Integer> confirmadas = ConcurrentHashMap.newKeySet();
        AtomicInteger siguiente = new AtomicInteger();
        ExecutorService clientes = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            clientes.submit(() -> {
                for (int i = siguiente.getAndIncrement(); i < VENTAS; i = siguiente.getAndIncrement()) {
                    if (app.vender(venta(i))) {
                        confirmadas.add(i);
                    }
                    if (confirmadas.size() >= VENTAS / 3 && app.vivo()) {
                        app.matar(); // SIGKILL, while requests are in flight
                    }
                }
                return null;
            });
        }
        clientes.shutdown();
        assertTrue(clientes.awaitTermination(3, TimeUnit.MINUTES));
        int antes = confirmadas.size();
        assertTrue(antes >= VENTAS / 3 && antes < VENTAS, "killed in the middle: " + antes + " answered 202");

        app.arrancar("matar-proceso-2");
        try {
            venderLoQueFalta(app, confirmadas, 20);
            assertEquals(VENTAS, confirmadas.size(), "every sale answered 202 in the end");
            JsonNode totales = totalesCuandoEstenTodas(app);
            assertEquals(VENTAS, totales.get("ventas").asInt(), "no sale lost, none counted twice: " + totales);
            assertEquals(sopaipillas(), totales.get("sopaipillas").asInt());
            assertEquals(11, totales.get("clientes").asInt());
        } finally {
            app.detener();
        }
    }
}
