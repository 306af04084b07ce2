package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live reload (gremio.desarrollo=true) against the real application, editing a copy of routes/
 * on disk while a client keeps sending sales: a good edit is served within 5 s and loses or
 * doubles no sale; a broken edit is refused with file, line and reason, and what ran keeps running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecargaDeRutasTest {

    static AppEnMarcha app;
    static Path rutas;
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    static AbstractAppender captura;

    static final String UMBRAL = "${variable.venta.stock} < {{gremio.stock.umbral}}";

    @BeforeAll
    static void iniciar() throws Exception {
        rutas = Files.createTempDirectory("gremio-rutas");
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, rutas.resolve(p.getFileName()));
            }
        }
        captura = new AbstractAppender("recarga-test", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                LOG.add(e.getLevel() + " " + e.getMessage().getFormattedMessage());
            }
        };
        captura.start();
        ((Logger) LogManager.getLogger(RecargaDeRutas.class)).addAppender(captura);
        app = AppEnMarcha.nueva(Map.of(
                "gremio.desarrollo", "true",
                "camel.main.routes-include-pattern", "file:" + rutas + "/*.camel.yaml",
                "camel.main.routes-reload-directory", rutas.toString()));
    }

    @AfterAll
    static void cerrar() {
        LOG.forEach(l -> System.out.println("RecargaDeRutas log: " + l));
        ((Logger) LogManager.getLogger(RecargaDeRutas.class)).removeAppender(captura);
        if (app != null) {
            app.close();
        }
    }

    /** Sends sales without pause from two clients until stopped; keeps every answer. */
    static final class Clientes implements AutoCloseable {
        final String carrito = "RC-" + System.nanoTime() % 100000;
        final AtomicBoolean seguir = new AtomicBoolean(true);
        final AtomicInteger n = new AtomicInteger();
        final List<String> aceptadas = Collections.synchronizedList(new ArrayList<>());
        final List<String> otras = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> hilos = new ArrayList<>();

        Clientes() {
            for (int h = 0; h < 2; h++) {
                Thread t = new Thread(() -> {
                    while (seguir.get()) {
                        String id = carrito + "-" + n.incrementAndGet();
                        try {
                            HttpResponse<String> r = app.postJson("/api/ventas", """
                                    {"id":"%s","carrito":"%s","cliente":"ana","cantidad":1,"stock":50,
                                     "latitud":-33.45,"longitud":-70.66}""".formatted(id, carrito));
                            (r.statusCode() == 202 ? aceptadas : otras).add(r.statusCode() == 202 ? id
                                    : id + " " + r.statusCode() + " " + r.body());
                        } catch (Exception e) {
                            otras.add(id + " " + e);
                        }
                    }
                });
                t.start();
                hilos.add(t);
            }
        }

        @Override
        public void close() throws Exception {
            seguir.set(false);
            for (Thread t : hilos) {
                t.join(30_000);
            }
        }
    }

    static boolean reposicion(int stock) throws Exception {
        HttpResponse<String> r = app.postJson("/api/ventas", """
                {"carrito":"SONDA","cliente":"b","cantidad":1,"stock":%d,"latitud":0,"longitud":0}""".formatted(stock));
        assertEquals(202, r.statusCode(), r.body());
        return json(r.body()).get("reposicion").asBoolean();
    }

    /** Polls until the probe gives the expected answer; returns how long it took (ms). */
    static long esperarReposicion(int stock, boolean esperada, long maxMs) throws Exception {
        long t0 = System.nanoTime();
        while (reposicion(stock) != esperada) {
            if (System.nanoTime() - t0 > maxMs * 1_000_000) {
                throw new AssertionError("stock " + stock + " still not reposicion=" + esperada + " after " + maxMs + " ms");
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String esperarLog(String contiene, long maxMs) throws Exception {
        long fin = System.currentTimeMillis() + maxMs;
        while (System.currentTimeMillis() < fin) {
            for (String l : LOG) {
                if (l.contains(contiene)) {
                    return l;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line with '" + contiene + "' within " + maxMs + " ms; log: " + LOG);
    }

    static void editar(String archivo, String de, String a) throws Exception {
        Path p = rutas.resolve(archivo);
        String texto = Files.readString(p);
        assertTrue(texto.contains(de), archivo + " has no " + de);
        Files.writeString(p, texto.replace(de, a));
    }

    /** Each acknowledged sale is stored exactly once. */
    static void todasGuardadasUnaVez(Clientes c) throws Exception {
        Registros.esperarConsumo(app.brokers());
        DataSource ds = app.main().getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        Map<String, Integer> guardadas = new HashMap<>();
        try (Connection con = ds.getConnection();
                PreparedStatement ps = con.prepareStatement("SELECT id FROM venta WHERE carrito = ?")) {
            ps.setString(1, c.carrito);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    guardadas.merge(rs.getString(1), 1, Integer::sum);
                }
            }
        }
        for (String id : c.aceptadas) {
            assertEquals(1, guardadas.getOrDefault(id, 0), "sale " + id + " stored once");
        }
        assertTrue(guardadas.size() <= c.n.get());
    }

    @Test
    @Order(1)
    void unaEdicionSeSirveEnSegundosSinPerderNiDuplicarVentas() throws Exception {
        assertTrue(reposicion(15), "threshold 20 at start");
        long ms;
        try (Clientes c = new Clientes()) {
            Thread.sleep(500);
            // the threshold of the sale route (a direct: route called by the HTTP one)
            editar("ventas.camel.yaml", UMBRAL, "${variable.venta.stock} < 10");
            ms = esperarReposicion(15, false, 5_000);
            // a Kafka consumer route of the same file, while sales keep arriving
            editar("ventas.camel.yaml", "maxPollRecords: 500", "maxPollRecords: 400");
            esperarLog("replaced [ventas-a-sql]", 5_000);
            Thread.sleep(500);
            c.close();
            assertEquals(List.of(), c.otras, "every sale answered 202 during the reloads");
            assertTrue(c.aceptadas.size() > 20, "the client kept sending: " + c.aceptadas.size());
            todasGuardadasUnaVez(c);
        }
        assertTrue(ms < 5_000, "served after " + ms + " ms");
        assertTrue(esperarLog("replaced [registrar-venta]", 0).contains("ventas.camel.yaml"));
    }

    @Test
    @Order(2)
    void unaEdicionRotaSeRechazaYLoQueCorriaSigue() throws Exception {
        assertTrue(reposicion(5));
        assertTrue(!reposicion(15), "threshold 10 from the previous test");
        int rutasAntes = app.main().getCamelContext().getRoutes().size();
        try (Clientes c = new Clientes()) {
            Path ventas = rutas.resolve("ventas.camel.yaml");
            String bueno = Files.readString(ventas);

            // 1. a YAML syntax error (a second colon on a line), beside a threshold change that must not apply
            String roto = bueno.replace("${variable.venta.stock} < 10", "${variable.venta.stock} < 30")
                    .replace("id: ventas-http", "id: ventas-http: x");
            Files.writeString(ventas, roto);
            String l = esperarLog("ventas.camel.yaml refused at line", 5_000);
            assertTrue(l.startsWith("ERROR"), l);
            assertEquals(lineaDe(roto, "id: ventas-http: x"), numeroDeLinea(l), l);
            assertTrue(!reposicion(15), "the previous threshold (10) still answers");
            LOG.clear();

            // 2. an unknown step
            String desconocido = bueno.replace("${variable.venta.stock} < 10", "${variable.venta.stock} < 30")
                    .replace("        - removeHeaders:", "        - sinCabeceras: {}\n        - removeHeaders:");
            Files.writeString(ventas, desconocido);
            l = esperarLog("ventas.camel.yaml refused at line", 5_000);
            assertEquals(lineaDe(desconocido, "- sinCabeceras"), numeroDeLinea(l), l);
            assertTrue(l.contains("sinCabeceras"), l);
            assertTrue(!reposicion(15));
            LOG.clear();

            // 3. a route that parses but cannot be created (a bean that does not exist): Camel had
            // already stopped and removed the old route; it is put back
            String sinBean = bueno.replace("${variable.venta.stock} < 10", "${variable.venta.stock} < 30")
                    .replace("ref: registrosDeVenta", "ref: noExiste");
            Files.writeString(ventas, sinBean);
            l = esperarLog("ventas.camel.yaml refused at line", 5_000);
            assertTrue(l.contains("route registrar-venta") && l.contains("noExiste"), l);
            assertEquals(lineaDe(sinBean, "id: registrar-venta\n"), numeroDeLinea(l), l);
            assertTrue(!reposicion(15), "the previous route was put back");
            assertEquals(rutasAntes, app.main().getCamelContext().getRoutes().size());

            // 4. the fix is loaded
            Files.writeString(ventas, bueno.replace("${variable.venta.stock} < 10", "${variable.venta.stock} < 30"));
            esperarReposicion(15, true, 5_000);
            assertTrue(!reposicion(35));

            c.close();
            assertEquals(List.of(), c.otras, "every sale answered 202 during the refused edits");
            todasGuardadasUnaVez(c);
        }
        assertEquals(rutasAntes, app.main().getCamelContext().getRoutes().size());
    }

    static int lineaDe(String texto, String trozo) {
        int i = texto.indexOf(trozo);
        return (int) texto.substring(0, i).chars().filter(ch -> ch == '\n').count() + 1;
    }

    static int numeroDeLinea(String log) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("refused at line (\\d+)").matcher(log);
        assertTrue(m.find(), log);
        return Integer.parseInt(m.group(1));
    }
}
