package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cl.gremio.almacen.Almacen;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19: a day of 100k carts, read and computed by strangers at once, on an application held
 * to a 512 MB heap (a process of its own, as in production). Before, 16 GETs of /api/ubicaciones
 * or one POST of the day's statistics ran it out of memory and shut the store. Now: every answer
 * is a bounded page, the day's totals are exact on every page, following Link rel=next visits
 * every row once, and the process lives on.
 */
class LecturasAcotadasIT {

    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    static final int CARRITOS = 100_000;
    /** Distinct clients among the planted carts' sales ("cliente-0" .. "cliente-4999"). */
    static final int CLIENTES = 5_000;
    /** One cart with this many regulars, two purchases each: its list of frequent clients is capped. */
    static final int HABITUALES = 30;
    /** Regular i bought i+1 and 1 sopaipillas: 2 + 3 + ... + 31. */
    static final long SOPAIPILLAS_HABITUALES = HABITUALES * (HABITUALES + 1L) / 2 + HABITUALES;
    static final int AVISOS = 1_200;
    static final int MIEMBROS = 1_100;
    /** Replenishment requests (three distinct hora values: the cursor carries hora, carrito and id) and delivery batches. */
    static final int SOLICITUDES = 700;
    static final int REPARTOS = 150;
    /** The heap the process gets (as the attack ran it). */
    static final String HEAP = "-Xmx512m";

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void cienMilCarritosLeidosYCalculadosALaVezSinAgotarLaMemoria(String tipo) throws Exception {
        Postgres pg = tipo.equals("postgresql") ? Postgres.nueva() : null;
        Map<String, String> ajustes = new HashMap<>(Map.of("gremio.kafka.embedded.port",
                String.valueOf(AppEnMarcha.puertoLibre()), "gremio.kafka.embedded.controller-port",
                String.valueOf(AppEnMarcha.puertoLibre()), "gremio.ubicacion.ventana-segundos", "3600",
                "gremio.estadisticas.recalculo-segundos", "20", "gremio.instancia", "acotada-" + tipo));
        if (pg != null) {
            ajustes.putAll(pg.ajustes());
        }
        ProcesoGremio app = new ProcesoGremio(ajustes);
        Path gc = Path.of("target", "lecturas-acotadas-" + tipo + "-gc.log").toAbsolutePath();
        app.opcionesJvm = List.of(HEAP, "-Xlog:gc:file=" + gc);
        LocalDate hoy = LocalDate.now(SANTIAGO);
        try {
            long plantado = System.nanoTime();
            sembrar(pg != null ? pg.ajustes().get("gremio.db.url") : Almacen.urlPorDefecto(app.dataDir),
                    pg != null ? "postgres" : "", pg != null, hoy);
            System.out.printf("[%s] planted %d carts in %d ms%n", tipo, CARRITOS, (System.nanoTime() - plantado) / 1_000_000);
            app.arrancar("lecturas-acotadas-" + tipo);

            // 16 GETs of the carts on the street and 12 POSTs of today's statistics, all at once, no credentials
            ExecutorService extranos = Executors.newFixedThreadPool(28);
            List<Future<HttpResponse<String>>> lecturas = new ArrayList<>();
            List<Future<HttpResponse<String>>> calculos = new ArrayList<>();
            long desde = System.nanoTime();
            for (int i = 0; i < 28; i++) {
                boolean calculo = i % 7 < 3;
                String ruta = calculo ? "/api/estadisticas/" + hoy : "/api/ubicaciones" + (i % 2 == 0 ? "" : "?limite=500");
                Callable<HttpResponse<String>> peticion = () -> app.cliente.send(HttpRequest.newBuilder(app.uri(ruta))
                        .timeout(java.time.Duration.ofSeconds(60))
                        .method(calculo ? "POST" : "GET", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                (calculo ? calculos : lecturas).add(extranos.submit(peticion));
            }
            int ocupados = 0;
            for (Future<HttpResponse<String>> f : calculos) {
                HttpResponse<String> r = f.get();
                Contrato.respuesta(r.request(), r);
                if (r.statusCode() == 503) {
                    assertTrue(r.headers().firstValue("Retry-After").isPresent(), "a 503 says when to come back");
                    ocupados++;
                    continue;
                }
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().length() < 200_000, "a page, not the day: " + r.body().length() + " chars");
                JsonNode e = json(r.body());
                assertEquals(100, e.get("carritos").size(), "the default page");
                totalesExactos(e.get("totales"));
                assertNotNull(AppEnMarcha.siguiente(r), "the next page is linked");
            }
            for (Future<HttpResponse<String>> f : lecturas) {
                HttpResponse<String> r = f.get();
                Contrato.respuesta(r.request(), r);
                assertEquals(200, r.statusCode(), r.body());
                int filas = json(r.body()).size();
                assertTrue(filas == 100 || filas == 500, "a page of the default or the asked size: " + filas);
                assertTrue(r.body().length() < 100_000, r.body().length() + " chars");
            }
            extranos.shutdown();
            long rafaga = (System.nanoTime() - desde) / 1_000_000;
            assertTrue(ocupados < calculos.size(), "someone got the figures");

            // the burst is over: another POST within gremio.estadisticas.recalculo-segundos is the stored answer, at once
            long otro = System.nanoTime();
            HttpResponse<String> guardado = app.post("/api/estadisticas/" + hoy);
            long otroMs = (System.nanoTime() - otro) / 1_000_000;
            assertEquals(200, guardado.statusCode());
            totalesExactos(json(guardado.body()).get("totales"));
            HttpResponse<String> grande = app.get(app.uri("/api/ubicaciones?limite=501"));
            assertEquals(400, grande.statusCode(), "over the maximum page");
            assertEquals("limite", json(grande.body()).get("campo").asText());
            assertEquals(400, app.get(app.uri("/api/ubicaciones?despues=%25%25")).statusCode(), "not a cursor");

            // every cart on the street once, following Link rel=next
            long recorrido = System.nanoTime();
            Set<String> vistos = new HashSet<>();
            int paginas = 0;
            for (String pagina : recorrer(app, "/api/ubicaciones?limite=500")) {
                for (JsonNode u : json(pagina)) {
                    assertTrue(vistos.add(u.get("carrito").asText()), "seen twice: " + u);
                }
                paginas++;
            }
            assertEquals(CARRITOS + 1, vistos.size(), "every cart once");
            assertEquals(201, paginas);

            // every cart of the day's statistics once; the pages add up to the totals every page carries
            long ventas = 0;
            long sopaipillas = 0;
            int carritos = 0;
            JsonNode habitual = null;
            for (String pagina : recorrer(app, "/api/estadisticas/" + hoy + "?limite=500")) {
                JsonNode e = json(pagina);
                totalesExactos(e.get("totales"));
                for (JsonNode c : e.get("carritos")) {
                    ventas += c.get("ventas").asLong();
                    sopaipillas += c.get("sopaipillas").asLong();
                    carritos++;
                    if (c.get("carrito").asText().equals("ZZ-HABITUAL")) {
                        habitual = c;
                    }
                }
            }
            assertEquals(CARRITOS + 1, carritos);
            assertEquals(CARRITOS + 2L * HABITUALES, ventas);
            assertEquals(sopaipillasSembradas() + SOPAIPILLAS_HABITUALES, sopaipillas);
            assertEquals(2 * HABITUALES, habitual.get("ventas").asInt());
            assertEquals(HABITUALES, habitual.get("clientes").asInt());
            assertEquals(10, habitual.get("clientesFrecuentes").size(), "capped at gremio.estadisticas.frecuentes-max");
            // most purchases, then most sopaipillas (regular i bought i+1 and 1), then name
            assertEquals("habitual-29", habitual.get("clientesFrecuentes").get(0).get("cliente").asText());
            long recorridoMs = (System.nanoTime() - recorrido) / 1_000_000;

            // prófugo reports share their hora four hundred at a time: the cursor carries (hora, id)
            Set<String> avisos = new HashSet<>();
            for (String pagina : recorrer(app, "/api/avisos?limite=500")) {
                json(pagina).forEach(a -> assertTrue(avisos.add(a.get("id").asText()), "seen twice: " + a));
            }
            assertEquals(AVISOS, avisos.size());
            Set<String> ruts = new HashSet<>();
            String credenciales = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:"
                    + Files.readString(app.dataDir.resolve("admin.clave")).strip()).getBytes());
            for (String siguiente = "/api/miembros?limite=500"; siguiente != null; ) {
                HttpRequest peticion = HttpRequest.newBuilder(app.uri(siguiente)).header("Authorization", credenciales).build();
                HttpResponse<String> r = app.cliente.send(peticion, HttpResponse.BodyHandlers.ofString());
                Contrato.respuesta(peticion, r);
                json(r.body()).forEach(m -> assertTrue(ruts.add(m.get("rut").asText()), "seen twice: " + m));
                siguiente = AppEnMarcha.siguiente(r);
            }
            assertEquals(MIEMBROS, ruts.size());

            // the publication approves them all: its report is written a thousand at a time, its
            // answer is the first page and the count, GET on its path walks the rest
            HttpRequest publicar = HttpRequest.newBuilder(app.uri("/api/miembros/publicacion?limite=500"))
                    .header("Authorization", credenciales).POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> publicacion = app.cliente.send(publicar, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, publicacion.statusCode(), publicacion.body());
            Contrato.respuesta(publicar, publicacion);
            assertEquals(500, json(publicacion.body()).size());
            assertEquals(String.valueOf(MIEMBROS), publicacion.headers().firstValue("X-Total-Count").orElse(null));
            Set<String> publicados = new HashSet<>();
            for (String siguiente = AppEnMarcha.siguiente(publicacion); siguiente != null; ) {
                HttpRequest peticion = HttpRequest.newBuilder(app.uri(siguiente)).header("Authorization", credenciales).build();
                HttpResponse<String> r = app.cliente.send(peticion, HttpResponse.BodyHandlers.ofString());
                Contrato.respuesta(peticion, r);
                json(r.body()).forEach(m -> assertTrue(publicados.add(m.get("rut").asText()), "seen twice: " + m));
                siguiente = AppEnMarcha.siguiente(r);
            }
            assertEquals(MIEMBROS - 500, publicados.size(), "the pages after the first");
            List<String> lista;
            try (var reportes = Files.list(app.dataDir.resolve("reportes"))) {
                lista = Files.readAllLines(reportes.filter(p -> p.getFileName().toString().startsWith("miembros-"))
                        .findFirst().orElseThrow());
            }
            assertEquals("rut,nombre,apellido,email,patente,premium,estado", lista.get(0));
            assertEquals(MIEMBROS, lista.size() - 1);
            assertEquals(MIEMBROS, new HashSet<>(lista).size() - 1, "each member once");

            // requests and batches: two lists, one cursor; a list that ended stays empty on later pages
            Set<String> solicitudes = new HashSet<>();
            Set<Long> repartos = new HashSet<>();
            int paginasReposiciones = 0;
            for (String pagina : recorrer(app, "/api/reposiciones?limite=100")) {
                JsonNode r = json(pagina);
                r.get("solicitudes").forEach(x -> assertTrue(solicitudes.add(x.get("carrito").asText() + "/"
                        + x.get("stock").asInt() + "/" + x.get("reparto").asLong()), "seen twice: " + x));
                r.get("repartos").forEach(x -> assertTrue(repartos.add(x.get("id").asLong()), "seen twice: " + x));
                paginasReposiciones++;
            }
            assertEquals(SOLICITUDES, solicitudes.size());
            assertEquals(REPARTOS, repartos.size());
            assertEquals(SOLICITUDES / 100, paginasReposiciones);

            assertTrue(app.vivo(), "the process lives on");
            assertFalse(Files.readString(Path.of("target", "lecturas-acotadas-" + tipo + ".log"))
                    .contains("OutOfMemoryError"), "no OutOfMemoryError");
            System.out.printf("[%s] burst of 28 (12 statistics, %d answered 503) in %d ms; a POST within the "
                    + "recomputation window in %d ms; 402 pages walked in %d ms; heap at most %s%n",
                    tipo, ocupados, rafaga, otroMs, recorridoMs, picoDelHeap(gc));
        } finally {
            app.detener();
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** The day's totals as planted: exact, however the day was paged. */
    static void totalesExactos(JsonNode t) {
        assertEquals(CARRITOS + 2L * HABITUALES, t.get("ventas").asLong(), t.toString());
        assertEquals(sopaipillasSembradas() + SOPAIPILLAS_HABITUALES, t.get("sopaipillas").asLong(), t.toString());
        assertEquals(CLIENTES + HABITUALES, t.get("clientes").asLong(), t.toString());
    }

    static long sopaipillasSembradas() {
        return (1 + 2 + 3 + 4 + 5) * (CARRITOS / 5L);
    }

    /**
     * Every page's body from {@code ruta} on, following Link rel=next; the first and the last are
     * checked against the OpenAPI document (the same code answers the rest; checking 200 bodies of
     * 500 rows each would be most of the test's time).
     */
    static List<String> recorrer(ProcesoGremio app, String ruta) throws Exception {
        List<String> paginas = new ArrayList<>();
        for (String siguiente = ruta; siguiente != null; ) {
            HttpRequest peticion = HttpRequest.newBuilder(app.uri(siguiente)).GET().build();
            HttpResponse<String> r = app.cliente.send(peticion, HttpResponse.BodyHandlers.ofString());
            if (paginas.isEmpty() || AppEnMarcha.siguiente(r) == null) {
                Contrato.respuesta(peticion, r);
            }
            assertEquals(200, r.statusCode(), r.body());
            paginas.add(r.body());
            siguiente = AppEnMarcha.siguiente(r);
            assertTrue(paginas.size() <= 1_000, "a walk that ends");
        }
        return paginas;
    }

    /**
     * The day, planted straight into the store (migrated first, as the application would): each
     * cart one sale today and a position; one cart with regulars; prófugo reports; applications.
     */
    static void sembrar(String url, String usuario, boolean postgres, LocalDate hoy) throws Exception {
        Almacen.abrir(url, usuario, "").close(); // the schema, by the application's own migrations
        String serie = postgres ? "generate_series(1, %d) AS s(x)" : "SYSTEM_RANGE(1, %d) AS s(x)";
        OffsetDateTime mediodia = hoy.atTime(12, 0).atZone(SANTIAGO).toOffsetDateTime();
        try (Connection c = DriverManager.getConnection(url, usuario, "")) {
            ejecutar(c, "INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) "
                    + "SELECT 'C-' || LPAD(CAST(x AS VARCHAR), 6, '0'), 'v' || CAST(x AS VARCHAR), 1 + MOD(x, 5), ?, "
                    + "'Cliente-' || CAST(MOD(x, " + CLIENTES + ") AS VARCHAR), 50, -33.4, -70.6, "
                    + "'cliente-' || CAST(MOD(x, " + CLIENTES + ") AS VARCHAR) FROM " + serie.formatted(CARRITOS), mediodia);
            // regular i: two purchases, of i+1 and 1 sopaipillas
            ejecutar(c, "INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) "
                    + "SELECT 'ZZ-HABITUAL', 'h' || CAST(x AS VARCHAR), CASE WHEN x < 100 THEN x ELSE 1 END, ?, "
                    + "'habitual-' || CAST(MOD(x, 100) - 1 AS VARCHAR), 50, -33.4, -70.6, "
                    + "'habitual-' || CAST(MOD(x, 100) - 1 AS VARCHAR) FROM " + serie.formatted(100 + HABITUALES)
                    + " WHERE MOD(x, 100) BETWEEN 1 AND " + HABITUALES, mediodia);
            long ahora = System.currentTimeMillis() / 1000;
            ejecutar(c, "INSERT INTO posicion (carrito, latitud, longitud, segundos, hora) "
                    + "SELECT carrito, latitud, longitud, " + ahora + ", hora FROM venta WHERE id LIKE 'v%' OR id = 'h1'",
                    null);
            ejecutar(c, "INSERT INTO aviso (id, carrito, latitud, longitud, hora) "
                    + "SELECT 'a' || CAST(x AS VARCHAR), NULL, -33.4, -70.6, ? FROM " + serie.formatted(AVISOS)
                    + " WHERE MOD(x, 3) = 0", mediodia);
            ejecutar(c, "INSERT INTO aviso (id, carrito, latitud, longitud, hora) "
                    + "SELECT 'a' || CAST(x AS VARCHAR), NULL, -33.4, -70.6, ? FROM " + serie.formatted(AVISOS)
                    + " WHERE MOD(x, 3) = 1", mediodia.minusHours(1));
            ejecutar(c, "INSERT INTO aviso (id, carrito, latitud, longitud, hora) "
                    + "SELECT 'a' || CAST(x AS VARCHAR), NULL, -33.4, -70.6, ? FROM " + serie.formatted(AVISOS)
                    + " WHERE MOD(x, 3) = 2", mediodia.minusHours(2));
            ejecutar(c, "INSERT INTO miembro (rut, nombre, apellido, email, patente, premium, estado) "
                    + "SELECT LPAD(CAST(x AS VARCHAR), 8, '0') || '-0', 'N', 'A', 'n@x.cl', 'BBBB12', FALSE, 'pendiente' FROM "
                    + serie.formatted(MIEMBROS), null);
            ejecutar(c, "INSERT INTO reparto (id, carritos, creado) SELECT x, 'R-' || CAST(x AS VARCHAR), ? FROM "
                    + serie.formatted(REPARTOS), mediodia);
            // stock x and batch x (each distinct): a request is told apart by what the API shows of it
            ejecutar(c, "INSERT INTO solicitud_reposicion (carrito, id, stock, hora, reparto, orden) "
                    + "SELECT 'S-' || CAST(MOD(x, 7) AS VARCHAR), 's' || CAST(x AS VARCHAR), x, "
                    + "CAST(? AS TIMESTAMP WITH TIME ZONE) + CAST(MOD(x, 3) AS INTEGER) * INTERVAL '1' MINUTE, "
                    + "1 + MOD(x, " + REPARTOS + "), x FROM " + serie.formatted(SOLICITUDES), mediodia);
        }
    }

    private static void ejecutar(Connection c, String sql, OffsetDateTime hora) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (hora != null) {
                ps.setObject(1, hora);
            }
            ps.executeUpdate();
        }
    }

    /**
     * From the JVM's GC log ("... 200M->50M(512M) ..."): the most heap in use before a collection
     * (G1 lets it fill up) and the most left after a mixed or full collection (those collect the
     * old generation too, so what is left is close to what was live; "none" when G1 never needed one).
     */
    static String picoDelHeap(Path gc) throws Exception {
        long antes = 0;
        long vivo = -1;
        for (String linea : Files.readAllLines(gc)) {
            Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)").matcher(linea);
            if (m.find()) {
                antes = Math.max(antes, Long.parseLong(m.group(1)));
                if (linea.contains("Mixed)") || linea.contains("Pause Full")) {
                    vivo = Math.max(vivo, Long.parseLong(m.group(2)));
                }
            }
        }
        return antes + " MB before a collection, " + (vivo < 0 ? "no mixed or full collection needed"
                : vivo + " MB at most after a mixed or full one");
    }
}
