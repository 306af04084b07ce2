package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * (PostgreSQL, through environment variables), the real broker's ports and the real data dir
 * (-D); none of the warm-up's
 * sales may land there, and its temporary data must be gone once the real instance serves.
 */
class CalentamientoTest {

    private static final List<String> TOPICOS = List.of("NuevaVenta", "Ubicacion", "Stock", "NuevoMiembro");

    @Test
    void lasVentasDePracticaNoLleganAlAlmacenNiALosTopicosReales() throws Exception {
        Path temporal = Files.createTempDirectory("gremio-tmp");
        try (Postgres pg = Postgres.nueva()) {
            Map<String, String> ajustes = new HashMap<>();
            int kafka = AppEnMarcha.puertoLibre();
            ajustes.put("gremio.kafka.embedded.port", String.valueOf(kafka));
            ajustes.put("gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre()));
            ajustes.put("gremio.calentamiento.segundos", "3");
            ProcesoGremio app = new ProcesoGremio(ajustes);
            // the store through the environment, the rest as -D: the warm-up must ignore both
            pg.ajustes().forEach((clave, valor) -> app.entorno.put(clave.toUpperCase().replace('.', '_'), valor));
            app.opcionesJvm = List.of("-Xmx512m", "-Djava.io.tmpdir=" + temporal);
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
                try (Stream<Path> quedan = Files.list(temporal)) {
                    assertEquals(List.of(), quedan.filter(p -> p.getFileName().toString().startsWith("gremio-calentamiento"))
                            .toList(), "the warm-up's data dir is deleted");
                }

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

    private static int filas(Postgres pg, String tabla) throws Exception {
        try (Connection c = DriverManager.getConnection(Postgres.SERVIDOR + pg.nombre, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + tabla)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
