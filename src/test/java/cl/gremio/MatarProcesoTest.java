package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
class MatarProcesoTest {

    static final int VENTAS = 300;
    static final String DIA = "2026-04-01";

    final Path dataDir;
    final int http;
    final int kafka;
    final int controller;
    final HttpClient cliente = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    MatarProcesoTest() throws Exception {
        dataDir = Files.createTempDirectory("gremio-kill");
        http = AppEnMarcha.puertoLibre();
        kafka = AppEnMarcha.puertoLibre();
        controller = AppEnMarcha.puertoLibre();
    }

    Process arrancar(int vez) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dgremio.data.dir=" + dataDir, "-Dcamel.server.port=" + http,
                "-Dgremio.kafka.embedded.port=" + kafka, "-Dgremio.kafka.embedded.controller-port=" + controller,
                "cl.gremio.Gremio");
        File log = new File("target/matar-proceso-" + vez + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        long hasta = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < hasta) {
            try {
                if (cliente.send(HttpRequest.newBuilder(uri("/api/avisos")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the application did not start; see " + log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http + path);
    }

    static int cantidad(int i) {
        return 1 + i % 7;
    }

    boolean vender(int i) {
        String venta = "{\"id\":\"k-" + i + "\",\"carrito\":\"K-" + (i % 5) + "\",\"cliente\":\"c" + (i % 11)
                + "\",\"cantidad\":" + cantidad(i) + ",\"stock\":" + (i % 40) + ",\"latitud\":-33,\"longitud\":-70,"
                + "\"hora\":\"" + DIA + "T12:00:00\"}";
        try {
            return cliente.send(HttpRequest.newBuilder(uri("/api/ventas")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(venta))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 202;
        } catch (Exception e) {
            return false; // unanswered: the client will retry it with the same id
        }
    }

    @Test
    void killMenos9EnMedioDeLaCargaNoPierdeNiDuplicaVentas() throws Exception {
        Process app = arrancar(1);
        Set<Integer> confirmadas = ConcurrentHashMap.newKeySet();
        AtomicInteger siguiente = new AtomicInteger();
        ExecutorService clientes = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            clientes.submit(() -> {
                for (int i = siguiente.getAndIncrement(); i < VENTAS; i = siguiente.getAndIncrement()) {
                    if (vender(i)) {
                        confirmadas.add(i);
                    }
                    if (confirmadas.size() >= VENTAS / 3 && app.isAlive()) {
                        app.destroyForcibly(); // SIGKILL, while requests are in flight
                    }
                }
            });
        }
        clientes.shutdown();
        assertTrue(clientes.awaitTermination(3, TimeUnit.MINUTES));
        app.waitFor();
        int antes = confirmadas.size();
        assertTrue(antes >= VENTAS / 3 && antes < VENTAS, "killed in the middle: " + antes + " answered 202");

        Process otra = arrancar(2);
        try {
            for (int i = 0; i < VENTAS; i++) {
                for (int intento = 0; !confirmadas.contains(i) && intento < 20; intento++) {
                    if (vender(i)) {
                        confirmadas.add(i);
                    } else {
                        Thread.sleep(250);
                    }
                }
            }
            assertEquals(VENTAS, confirmadas.size(), "every sale answered 202 in the end");

            int sopaipillas = 0;
            for (int i = 0; i < VENTAS; i++) {
                sopaipillas += cantidad(i);
            }
            JsonNode totales = null;
            long hasta = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < hasta) {
                totales = json(cliente.send(HttpRequest.newBuilder(uri("/api/estadisticas/" + DIA))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("totales");
                if (totales.get("ventas").asInt() >= VENTAS && totales.get("clientes").asInt() == 11) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(VENTAS, totales.get("ventas").asInt(), "no sale lost, none counted twice: " + totales);
            assertEquals(sopaipillas, totales.get("sopaipillas").asInt());
            assertEquals(11, totales.get("clientes").asInt());
        } finally {
            otra.destroy();
            otra.waitFor(30, TimeUnit.SECONDS);
            otra.destroyForcibly();
        }
    }
}
