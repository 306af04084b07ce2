package cl.gremio;

import static cl.gremio.MatarProcesoIT.VENTAS;
import static cl.gremio.MatarProcesoIT.venta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import cl.gremio.almacen.SaludAlmacen;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The process started as README says (config/jvm.options) ends when it runs out of memory, and
 * when its H2 store panics, instead of running on with a closed store; started again on the same
 * data, it has every sale that got a 202, once. The two failures are caused by test-only switches
 * ({@link GremioConTrampas}): no request can exhaust the heap any more.
 */
class ProcesoSinMemoriaIT {

    @Test
    void sinMemoriaOConElAlmacenCerradoTerminaYAlVolverNoFaltaNada() throws Exception {
        ProcesoGremio app = new ProcesoGremio(Map.of("gremio.kafka.embedded.port",
                String.valueOf(AppEnMarcha.puertoLibre()), "gremio.kafka.embedded.controller-port",
                String.valueOf(AppEnMarcha.puertoLibre())));
        app.opcionesJvm = List.of("@config/jvm.options");
        app.clasePrincipal = GremioConTrampas.class.getName();
        Set<Integer> confirmadas = ConcurrentHashMap.newKeySet();
        try {
            app.arrancar("sin-memoria-1");
            assertEquals(3, venderHastaQueMuera(app, confirmadas, "agotar-memoria", VENTAS / 3),
                    "ExitOnOutOfMemoryError's exit code");
            assertTrue(Files.readString(Path.of("target/sin-memoria-1.log")).contains("Terminating due to java.lang.OutOfMemoryError"));

            app.arrancar("sin-memoria-2");
            assertEquals(SaludAlmacen.SALIDA_ALMACEN_CERRADO, venderHastaQueMuera(app, confirmadas, "cerrar-almacen",
                    VENTAS / 2), "a closed H2 store ends the process");

            app.arrancar("sin-memoria-3");
            MatarProcesoIT.venderLoQueFalta(app, confirmadas, 40);
            assertEquals(VENTAS, confirmadas.size(), "every sale answered 202 in the end");
            JsonNode totales = MatarProcesoIT.totalesCuandoEstenTodas(app);
            assertEquals(VENTAS, totales.get("ventas").asInt(), "no sale lost, none counted twice: " + totales);
            assertEquals(MatarProcesoIT.sopaipillas(), totales.get("sopaipillas").asInt());
        } finally {
            app.detener();
        }
    }

    /**
     * Four clients send the sales not yet answered 202 (the same ids: a client's retries); once
     * {@code hasta} are answered, the switch {@code trampa} is set. Returns the process's exit code.
     */
    static int venderHastaQueMuera(ProcesoGremio app, Set<Integer> confirmadas, String trampa, int hasta)
            throws Exception {
        ExecutorService clientes = Executors.newFixedThreadPool(4);
        AtomicBoolean puesta = new AtomicBoolean();
        for (int t = 0; t < 4; t++) {
            int desde = t;
            clientes.submit(() -> {
                for (int i = desde; app.vivo(); i = (i + 4) % VENTAS) {
                    if (!confirmadas.contains(i) && app.vender(venta(i))) {
                        confirmadas.add(i);
                    }
                    if (confirmadas.size() >= hasta && puesta.compareAndSet(false, true)) {
                        Files.writeString(app.dataDir.resolve(trampa), "");
                    }
                    if (puesta.get()) {
                        // sales keep coming while it fails, but not all of them before it ends: the
                        // remaining ones take about 25 s, an allocation to OOM on a loaded machine some seconds
                        Thread.sleep(500);
                    }
                }
                return null;
            });
        }
        int salida = app.salida();
        clientes.shutdown();
        assertTrue(clientes.awaitTermination(1, TimeUnit.MINUTES));
        Files.deleteIfExists(app.dataDir.resolve(trampa)); // if it died some other way, the next start must not trip it
        assertTrue(confirmadas.size() < VENTAS, "it ended in the middle of the sales: " + confirmadas.size());
        return salida;
    }
}
