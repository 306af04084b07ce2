package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * The production topology on loopback (what docker-compose.yml runs): a three-broker KRaft
 * cluster, PostgreSQL, topics laid out by kafka-topics.sh with 3 replicas and 2 in sync, two
 * instances sharing both. Sales go to both instances; one instance and one broker are killed
 * with SIGKILL in the middle; every acknowledged sale is counted exactly once.
 */
class ClusterIT {

    final List<Process> brokers = new ArrayList<>();

    String arrancarCluster() throws Exception {
        String clusterId = Uuid.randomUuid().toString();
        int[] puertos = {AppEnMarcha.puertoLibre(), AppEnMarcha.puertoLibre(), AppEnMarcha.puertoLibre()};
        int[] controladores = {AppEnMarcha.puertoLibre(), AppEnMarcha.puertoLibre(), AppEnMarcha.puertoLibre()};
        StringBuilder votantes = new StringBuilder();
        for (int n = 0; n < 3; n++) {
            votantes.append(n == 0 ? "" : ",").append(n + 1).append("@127.0.0.1:").append(controladores[n]);
        }
        for (int n = 0; n < 3; n++) {
            Path dir = Files.createTempDirectory("gremio-nodo" + (n + 1));
            Files.writeString(dir.resolve("cluster.id"), clusterId); // one cluster, one id
            brokers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-cp", System.getProperty("java.class.path"), NodoDeCluster.class.getName(),
                    dir.toString(), String.valueOf(n + 1), String.valueOf(puertos[n]),
                    String.valueOf(controladores[n]), votantes.toString())
                    .redirectErrorStream(true).redirectOutput(new File("target/cluster-nodo" + (n + 1) + ".log"))
                    .start());
        }
        String bootstrap = "127.0.0.1:" + puertos[0] + ",127.0.0.1:" + puertos[1] + ",127.0.0.1:" + puertos[2];
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long hasta = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < hasta) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 3) {
                        return bootstrap;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the three brokers did not form a cluster; see target/cluster-nodo*.log");
    }

    void trazarTopicos(String bootstrap) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "kafka-topics.sh", "--bootstrap-server", bootstrap,
                "--replication-factor", "3", "--config", "min.insync.replicas=2").redirectErrorStream(true);
        pb.environment().put("GREMIO_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        String salida = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), salida);
        assertTrue(salida.contains("ReplicationFactor: 3") && salida.contains("min.insync.replicas=2"), salida);
    }

    @Test
    void dosInstanciasTresBrokersKillMenos9DeUnaInstanciaYUnBrokerSinPerderNiDuplicar() throws Exception {
        try (Postgres pg = Postgres.nueva()) {
            String bootstrap = arrancarCluster();
            trazarTopicos(bootstrap);
            Map<String, String> comunes = Map.of("gremio.kafka.brokers", bootstrap, "gremio.db.url",
                    pg.ajustes().get("gremio.db.url"), "gremio.db.user", "postgres", "gremio.admin.clave", "prueba");
            ProcesoGremio uno = new ProcesoGremio(Map.of("gremio.instancia", "gremio1"));
            ProcesoGremio dos = new ProcesoGremio(Map.of("gremio.instancia", "gremio2"));
            uno.ajustes.putAll(comunes);
            dos.ajustes.putAll(comunes);
            uno.arrancar("cluster-gremio1");
            dos.arrancar("cluster-gremio2");
            try {
                Set<Integer> confirmadas = ConcurrentHashMap.newKeySet();
                AtomicInteger siguiente = new AtomicInteger();
                ExecutorService clientes = Executors.newFixedThreadPool(4);
                for (int t = 0; t < 4; t++) {
                    clientes.submit(() -> {
                        for (int i = siguiente.getAndIncrement(); i < MatarProcesoIT.VENTAS;
                                i = siguiente.getAndIncrement()) {
                            // half of the carts talk to each instance; a cart whose instance does not
                            // answer retries the same sale (same id) on the other one
                            ProcesoGremio primero = i % 2 == 0 ? uno : dos;
                            for (int intento = 0; intento < 40 && !confirmadas.contains(i); intento++) {
                                ProcesoGremio destino = intento % 2 == 0 && primero.vivo() ? primero : dos;
                                if (destino.vender(MatarProcesoIT.venta(i))) {
                                    confirmadas.add(i);
                                } else {
                                    Thread.sleep(250);
                                }
                            }
                            if (confirmadas.size() >= MatarProcesoIT.VENTAS / 3 && uno.vivo()) {
                                uno.matar();
                                brokers.get(1).destroyForcibly(); // broker 2, SIGKILL
                            }
                        }
                        return null;
                    });
                }
                clientes.shutdown();
                assertTrue(clientes.awaitTermination(5, TimeUnit.MINUTES));
                assertTrue(!uno.vivo() && !brokers.get(1).isAlive(), "an instance and a broker were killed");
                assertEquals(MatarProcesoIT.VENTAS, confirmadas.size(), "every sale answered 202 in the end");

                JsonNode totales = MatarProcesoIT.totalesCuandoEstenTodas(dos);
                assertEquals(MatarProcesoIT.VENTAS, totales.get("ventas").asInt(),
                        "no sale lost, none counted twice: " + totales);
                assertEquals(MatarProcesoIT.sopaipillas(), totales.get("sopaipillas").asInt());

                assertEquals(200, dos.get(dos.gestion("/observe/health/ready")).statusCode(),
                        "the surviving instance is ready with two brokers of three");
                // the lag is read from the cluster every 15 s; a reading taken while a broker was
                // being killed fails, so the next one may be needed
                String metricas = dos.get(dos.gestion("/observe/metrics")).body();
                for (long hasta = System.currentTimeMillis() + 35_000; !metricas.contains("gremio_consumer_lag{group=\"gremio-ventas\"")
                        && System.currentTimeMillis() < hasta; metricas = dos.get(dos.gestion("/observe/metrics")).body()) {
                    Thread.sleep(500);
                }
                assertTrue(metricas.contains("gremio_consumer_lag{group=\"gremio-ventas\""), "consumer lag exported");
                assertTrue(metricas.contains("camel_exchanges_total"), "route metrics exported");
            } finally {
                uno.detener();
                dos.detener();
            }
        } finally {
            brokers.forEach(Process::destroyForcibly);
        }
    }
}
