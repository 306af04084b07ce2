package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * gremio.calentamiento.segundos: before the real instance starts, a private one in the same JVM
 * takes sales so the JIT compiles their code. The operator's settings point at the real store
 * (PostgreSQL, through environment variables) and the real broker's ports (-D); none of the
 * warm-up's sales may land there, and its own data dir (calentamiento/ in the real one) must be
 * gone once the real instance serves, with what a warm-up killed with -9 had left in it.
 */
class CalentamientoIT {

    private static final List<String> TOPICOS = List.of("NuevaVenta", "Ubicacion", "Stock", "NuevoMiembro");

    /** A second process warming up in the same data dir would empty the first one's files under its broker. */
    @Test
    void unSegundoCalentamientoEnElMismoDirectorioNoTocaNada() throws Exception {
        Path datos = Files.createTempDirectory("gremio-cerrojo");
        Path dir = datos.resolve("calentamiento");
        Files.createDirectories(dir);
        Path delOtro = Files.writeString(dir.resolve("del-otro-proceso"), "x");
        try (FileChannel canal = FileChannel.open(datos.resolve("calentamiento.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock otro = canal.lock()) {
            long t0 = System.nanoTime();
            Calentamiento.correr(30, dir);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "no warm-up while another holds the lock");
            assertTrue(Files.exists(delOtro), "the other warm-up's files are left alone");
        }
    }

    @Test
    void lasVentasDePracticaNoLleganAlAlmacenNiALosTopicosReales() throws Exception {
        try (Postgres pg = Postgres.nueva()) {
            Map<String, String> ajustes = new HashMap<>();
            int kafka = AppEnMarcha.puertoLibre();
            ajustes.put("gremio.kafka.embedded.port", String.valueOf(kafka));
            ajustes.put("gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre()));
            ajustes.put("gremio.calentamiento.segundos", "3");
            ProcesoGremio app = new ProcesoGremio(ajustes);
            // the store through the environment, the rest as -D: the warm-up must ignore both
            pg.ajustes().forEach((clave, valor) -> app.entorno.put(clave.toUpperCase().replace('.', '_'), valor));
            // and the HTTP port: Camel binds the server from the file and -D, the file's 8080 once despite the variable
            app.entorno.put("CAMEL_SERVER_PORT", app.ajustes.remove("camel.server.port"));
            // what a kill -9 during an earlier warm-up left behind
            Path sobras = Files.createDirectories(app.dataDir.resolve("calentamiento").resolve("kafka"));
            Files.writeString(sobras.resolve("meta.properties"), "cluster.id=otro");
            try {
                app.arrancar("calentamiento");
                String log = Files.readString(Path.of("target/calentamiento.log"));
                Matcher hecho = Pattern.compile("Warm-up done: (\\d+) sales stored").matcher(log);
                assertTrue(hecho.find(), "the warm-up ran to its end; see target/calentamiento.log");
                assertTrue(Long.parseLong(hecho.group(1)) > 0, "the warm-up's sales were stored (privately)");

                String brokers = "127.0.0.1:" + kafka;
                Registros.finales(brokers, TOPICOS).forEach((particion, fin) ->
                        assertEquals(0L, fin, "no warm-up record in the real " + particion));
                assertEquals(0, filas(pg, "venta") + filas(pg, "venta_cliente") + filas(pg, "posicion")
                        + filas(pg, "reporte_stock") + filas(pg, "solicitud_reposicion"), "nothing in the real store");
                assertFalse(Files.exists(app.dataDir.resolve("calentamiento")), "the warm-up's data is deleted");
                assertTrue(app.vender("{\"id\":\"real-1\",\"carrito\":\"R-1\",\"cliente\":\"c\",\"cantidad\":2,"
                        + "\"stock\":50,\"latitud\":-33,\"longitud\":-70}"), "the real instance takes a sale");
                long hasta = System.currentTimeMillis() + 30_000;
                while (filas(pg, "venta") == 0 && System.currentTimeMillis() < hasta) {
                    Thread.sleep(200);
                }
                assertEquals(1, filas(pg, "venta"), "and stores it in its own store");
            } finally {
                app.detener();
            }
        }
    }

    /**
     * A route that cannot start stops the private instance half-way, after its broker started:
     * the operator must still get the real reason from the real start, not a broker that Kafka
     * halted because its files went away under it.
     */
    @Test
    void unaRutaRotaSeExplicaComoSinCalentamiento() throws Exception {
        Path proyecto = Files.createTempDirectory("gremio-proyecto");
        for (String carpeta : List.of("config", "routes")) {
            try (Stream<Path> archivos = Files.walk(Path.of(carpeta))) {
                for (Path archivo : archivos.toList()) {
                    Files.copy(archivo, proyecto.resolve(archivo));
                }
            }
        }
        Files.writeString(proyecto.resolve("routes/rota.camel.yaml"), """
                - route:
                    id: rota
                    from:
                      uri: timer:rota
                      steps:
                        - to: "noexiste:nada"
                """);
        ProcesoGremio app = new ProcesoGremio(Map.of("gremio.calentamiento.segundos", "30",
                "gremio.kafka.embedded.port", String.valueOf(AppEnMarcha.puertoLibre()),
                "gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre())));
        app.directorio = proyecto;
        app.lanzar("calentamiento-ruta-rota");
        assertEquals(1, app.salida(), "the start is refused");
        String log = Files.readString(Path.of("target/calentamiento-ruta-rota.log"));
        assertTrue(log.contains("The warm-up stopped early"), log);
        assertTrue(log.contains("Gremio could not start") && log.contains("rota"), "the real start names the route: " + log);
        assertFalse(log.contains("log dirs"), "no broker halted under the warm-up: " + log);
        assertFalse(Files.exists(app.dataDir.resolve("calentamiento")), "the warm-up's data is deleted");
    }

    private static int filas(Postgres pg, String tabla) throws Exception {
        try (Connection c = DriverManager.getConnection(Postgres.SERVIDOR + pg.nombre, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + tabla)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
