package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import cl.gremio.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;

/**
 * Scheduled work is recorded when it completes. Two instances (processes) on one PostgreSQL and
 * one broker, the daily statistics every two seconds: the instance that claimed a firing is
 * killed (kill -9) while that firing's work waits on the database, and the other instance
 * completes the firing once the claim's lease lapses. Then the work fails (the report directory
 * cannot be written): the firing is released, logged, and run again once it can succeed.
 */
class TurnoCaidoIT {

    static final String PENDIENTE = """
            SELECT disparo, instancia FROM tarea_programada
            WHERE tarea = 'estadisticas-diarias' AND completada IS NULL AND disparo > ? ORDER BY disparo""";

    @Test
    void unDisparoDeUnaInstanciaMuertaOFallidaLoTerminaOtra() throws Exception {
        Path logs = Files.createTempDirectory("gremio-turno-kafka");
        EmbeddedKafka broker = new EmbeddedKafka(logs, AppEnMarcha.puertoLibre(), AppEnMarcha.puertoLibre());
        broker.start();
        ExecutorService arranque = Executors.newFixedThreadPool(2);
        try (Postgres pg = Postgres.nueva()) {
            Map<String, String> comunes = new HashMap<>(pg.ajustes());
            comunes.put("gremio.kafka.brokers", broker.bootstrapServers());
            comunes.put("gremio.estadisticas.cron", "0/2 * * * * ?");
            comunes.put("gremio.turno.plazo-ms", "4000");
            comunes.put("gremio.turno.revision-ms", "500");
            Map<String, ProcesoGremio> instancias = new HashMap<>();
            for (String nombre : new String[] {"uno", "dos"}) {
                ProcesoGremio p = new ProcesoGremio(Map.of("gremio.instancia", nombre));
                p.ajustes.putAll(comunes);
                instancias.put(nombre, p);
            }
            // both start at once (each runs the migrations' check; Flyway serializes them)
            var arrancadas = arranque.invokeAll(instancias.entrySet().stream()
                    .map(e -> (Callable<ProcesoGremio>) () -> e.getValue().arrancar("turno-caido-" + e.getKey()))
                    .toList());
            for (var f : arrancadas) {
                f.get();
            }
            String url = pg.ajustes().get("gremio.db.url");
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                // 1. kill -9 of the claimant while the firing's work waits for a lock this test holds
                OffsetDateTime desde = OffsetDateTime.now();
                String[] tomado;
                try (Connection bloqueo = DriverManager.getConnection(url, "postgres", "")) {
                    bloqueo.setAutoCommit(false);
                    bloqueo.createStatement().execute("LOCK TABLE estadistica_diaria IN EXCLUSIVE MODE");
                    tomado = esperarFila(c, PENDIENTE + " LIMIT 1", desde);
                    assertNotNull(tomado, "a firing claimed after the lock, waiting on it");
                    instancias.get(tomado[1]).matar();
                    bloqueo.rollback();
                }
                String vivo = tomado[1].equals("uno") ? "dos" : "uno";
                String[] hecho = esperarFila(c, "SELECT disparo, instancia FROM tarea_programada "
                        + "WHERE tarea = 'estadisticas-diarias' AND disparo = CAST(? AS TIMESTAMP WITH TIME ZONE) "
                        + "AND completada IS NOT NULL", tomado[0]);
                assertNotNull(hecho, "the dead instance's firing " + tomado[0] + " was completed");
                assertEquals(vivo, hecho[1], "by the instance still alive");

                // 2. the work fails: the report directory is a file. The firing is released and logged.
                ProcesoGremio superviviente = instancias.get(vivo);
                Path reportes = superviviente.dataDir.resolve("reportes");
                borrar(reportes);
                Files.writeString(reportes, "no soy un directorio");
                OffsetDateTime rota = OffsetDateTime.now();
                Path log = Path.of("target/turno-caido-" + vivo + ".log");
                String[] fallido = null;
                long hasta = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < hasta) {
                    fallido = esperarFila(c, PENDIENTE + " LIMIT 1", rota);
                    if (fallido != null && Files.readString(log).contains("failed (")) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertNotNull(fallido, "a firing left pending by its failure");
                assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.contains("estadisticas-diarias fired at")
                        && l.contains("failed (") && l.contains("runs it again")), "one line says what happens next");
                Files.delete(reportes);
                assertNotNull(esperarFila(c, "SELECT disparo, instancia FROM tarea_programada "
                        + "WHERE tarea = 'estadisticas-diarias' AND disparo = CAST(? AS TIMESTAMP WITH TIME ZONE) "
                        + "AND completada IS NOT NULL", fallido[0]), "the failed firing ran again and completed");
            } finally {
                for (ProcesoGremio p : instancias.values()) {
                    p.detener();
                }
            }
        } finally {
            arranque.shutdownNow();
            broker.stop();
        }
    }

    /** The first row of {@code sql} (one parameter) as [disparo, instancia], waiting up to 30 s; null if none. */
    static String[] esperarFila(Connection c, String sql, Object parametro) throws Exception {
        long hasta = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < hasta) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (parametro instanceof String s) {
                    ps.setString(1, s);
                } else {
                    ps.setObject(1, parametro);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new String[] {rs.getObject(1, OffsetDateTime.class).toString(), rs.getString(2)};
                    }
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    static void borrar(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> todo = Files.walk(dir)) {
                for (Path p : todo.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
