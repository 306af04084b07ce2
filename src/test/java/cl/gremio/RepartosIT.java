package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import cl.gremio.almacen.RechazoDelAlmacen;
import cl.gremio.almacen.Repartos;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replenishment requests are grouped five at a time into a delivery round; a round that waited
 * too long leaves with fewer; an open round survives a restart; instances closing rounds at the
 * same time never put a request in two of them.
 */
class RepartosIT {

    static void pedir(AppEnMarcha app, String carrito) throws Exception {
        assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"" + carrito + "\",\"cliente\":\"x\","
                + "\"cantidad\":1,\"stock\":5,\"latitud\":1,\"longitud\":1}").statusCode());
    }

    static JsonNode reposiciones(AppEnMarcha app) throws Exception {
        return json(app.get("/api/reposiciones").body());
    }

    static List<String> carritos(JsonNode reparto) {
        List<String> c = new ArrayList<>();
        reparto.get("carritos").forEach(n -> c.add(n.asText()));
        return c;
    }

    @Test
    void loteDeCincoUnSextoEsperaYUnLoteAbiertoSobreviveAlReinicio() throws Exception {
        // long enough that the first five, each waited for until consumed, reach the store before the
        // oldest has waited it out on a loaded machine (4 s was not, once); short enough for R6 below
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of("gremio.reparto.espera-max", "8000"))) {
            for (String c : List.of("R1", "R2", "R3", "R4", "R5", "R6")) {
                pedir(app, c);
                Registros.esperarConsumo(app.brokers()); // in this order into the batch
            }
            JsonNode r = reposiciones(app);
            assertEquals(1, r.get("repartos").size(), r.toString());
            assertEquals(List.of("R1", "R2", "R3", "R4", "R5"), carritos(r.get("repartos").get(0)));
            long primero = r.get("repartos").get(0).get("id").asLong();
            JsonNode sexta = r.get("solicitudes").get(0);
            assertEquals("R6", sexta.get("carrito").asText());
            assertTrue(sexta.get("reparto").isNull(), "the sixth waits for a batch");
            assertEquals(primero, r.get("solicitudes").get(1).get("reparto").asLong());

            long hasta = System.currentTimeMillis() + 15_000;
            while (reposiciones(app).get("repartos").size() < 2 && System.currentTimeMillis() < hasta) {
                Thread.sleep(200);
            }
            r = reposiciones(app);
            assertEquals(List.of("R6"), carritos(r.get("repartos").get(0)), "closed with fewer after waiting: " + r);

            // an open batch is kept in the store: two requests before the restart, three after
            app.reiniciar(Map.of("gremio.reparto.espera-max", "600000"));
            pedir(app, "S1");
            pedir(app, "S2");
            Registros.esperarConsumo(app.brokers());
            app.reiniciar(Map.of());
            for (String c : List.of("S3", "S4", "S5")) {
                pedir(app, c);
                Registros.esperarConsumo(app.brokers());
            }
            r = reposiciones(app);
            assertEquals(3, r.get("repartos").size(), r.toString());
            List<String> ultimo = carritos(r.get("repartos").get(0));
            assertEquals(5, ultimo.size(), ultimo.toString());
            assertTrue(ultimo.containsAll(List.of("S1", "S2", "S3", "S4", "S5")), ultimo.toString());
        }
    }

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void dosInstanciasALaVezNuncaPonenUnaSolicitudEnDosRepartos(String tipo, @TempDir Path dir) throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo(tipo, dir)) {
            repartosALaVez(almacen.ds);
        }
    }

    /**
     * 503 requests arrive one by one while two closers (two instances: the consumer's and the
     * timer's calls) run flat out; then the last three, having waited, leave together.
     */
    private static void repartosALaVez(HikariDataSource ds) throws Exception {
        ZoneId zona = ZoneId.of("America/Santiago");
        Repartos a = new Repartos(ds, zona, 5, Duration.ofMinutes(10));
        Repartos b = new Repartos(ds, zona, 5, Duration.ofMinutes(10));
        int solicitudes = 503;
        ExecutorService hilos = Executors.newFixedThreadPool(2);
        try {
            Future<?> llegadas = hilos.submit(() -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO solicitud_reposicion (carrito, id, stock, hora, orden, recibida) "
                                + "VALUES (?, ?, 5, ?, ?, ?)")) {
                    for (int i = 0; i < solicitudes; i++) {
                        ps.setString(1, "C" + i);
                        ps.setString(2, "v" + i);
                        ps.setObject(3, OffsetDateTime.now());
                        ps.setLong(4, i);
                        ps.setObject(5, OffsetDateTime.now());
                        ps.executeUpdate();
                    }
                }
                return null;
            });
            Future<Integer> otra = hilos.submit(() -> cerrarMientras(b, llegadas));
            int cerrados = cerrarMientras(a, llegadas) + otra.get();
            assertEquals(100, cerrados, "full rounds closed by both instances together");
        } finally {
            hilos.shutdownNow();
        }
        assertEquals(1, new Repartos(ds, zona, 5, Duration.ZERO).formar().size(), "the last three leave together");

        Map<Long, List<String>> repartos = cadaSolicitudEnUnReparto(ds, solicitudes);
        assertEquals(101, repartos.size());
        repartos.values().forEach(carritos -> assertTrue(carritos.size() == 5
                || carritos.equals(List.of("C500", "C501", "C502")), carritos.toString()));
    }

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void elConsumidorYOtraInstanciaALaVezNuncaPonenUnaSolicitudEnDosRepartos(String tipo, @TempDir Path dir)
            throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo(tipo, dir)) {
            consumidorYTemporizador(almacen.ds);
        }
    }

    /**
     * The consumer stores polls of 1 to 7 requests (now and then the previous poll again, as after
     * a crash before its offsets were committed), each request joining its round as it is stored,
     * while another instance's timer, with no wait at all, closes whatever is waiting: the two
     * race for the same requests all the time. Every request ends in exactly one round, and every
     * round lists exactly its requests.
     */
    private static void consumidorYTemporizador(HikariDataSource ds) throws Exception {
        ZoneId zona = ZoneId.of("America/Santiago");
        Repartos consumidor = new Repartos(ds, zona, 5, Duration.ofMinutes(10));
        Repartos temporizador = new Repartos(ds, zona, 5, Duration.ZERO);
        int solicitudes = 400;
        java.util.Random azar = new java.util.Random(13);
        ExecutorService hilos = Executors.newSingleThreadExecutor();
        try {
            Future<?> llegadas = hilos.submit(() -> {
                List<Map<String, Object>> anterior = List.of();
                int i = 0;
                while (i < solicitudes) {
                    List<Map<String, Object>> poll = new ArrayList<>();
                    if (!anterior.isEmpty() && azar.nextInt(5) == 0) {
                        poll.addAll(anterior);
                    } else {
                        for (int n = 1 + azar.nextInt(7); n > 0 && i < solicitudes; n--, i++) {
                            poll.add(Map.of("carrito", "C" + i, "id", "v" + i, "stock", 5, "hora", OffsetDateTime.now(),
                                    "orden", (long) i, "recibida", OffsetDateTime.now()));
                        }
                    }
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        consumidor.guardar(c, poll);
                        c.commit();
                        c.setAutoCommit(true);
                    }
                    anterior = poll;
                }
                return null;
            });
            do {
                temporizador.formar();
            } while (!llegadas.isDone());
            llegadas.get();
        } finally {
            hilos.shutdownNow();
        }
        temporizador.formar();

        cadaSolicitudEnUnReparto(ds, solicitudes).values()
                .forEach(carritos -> assertTrue(carritos.size() <= 5, carritos.toString()));
    }

    /**
     * Every one of the {@code solicitudes} requests has a round, and every round lists exactly its
     * requests (none in two rounds, none left out); returns each round's carts by round id.
     */
    private static Map<Long, List<String>> cadaSolicitudEnUnReparto(HikariDataSource ds, int solicitudes)
            throws Exception {
        Map<String, Long> repartoDe = new HashMap<>();
        Map<Long, List<String>> repartos = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT carrito, reparto FROM solicitud_reposicion")) {
                while (rs.next()) {
                    long reparto = rs.getLong(2);
                    assertTrue(!rs.wasNull(), rs.getString(1) + " has no round");
                    repartoDe.put(rs.getString(1), reparto);
                }
            }
            assertEquals(solicitudes, repartoDe.size());
            int listadas = 0;
            try (ResultSet rs = st.executeQuery("SELECT id, carritos FROM reparto")) {
                while (rs.next()) {
                    List<String> carritos = List.of(rs.getString(2).split(","));
                    for (String carrito : carritos) {
                        assertEquals(rs.getLong(1), repartoDe.get(carrito), carrito + " is listed in another round");
                        listadas++;
                    }
                    repartos.put(rs.getLong(1), carritos);
                }
            }
            assertEquals(solicitudes, listadas, "every request is listed in one round");
        }
        return repartos;
    }

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void unaRondaGrandeCabeYSiElAlmacenRechazaLaRondaNingunaSolicitudTieneLaCulpa(String tipo, @TempDir Path dir)
            throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo(tipo, dir)) {
            ZoneId zona = ZoneId.of("America/Santiago");
            Repartos grande = new Repartos(almacen.ds, zona, 100, Duration.ofMinutes(10));
            List<Map<String, Object>> poll = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                poll.add(Map.of("carrito", String.format("CARRITO-LARGO%03d", i), "id", "g" + i, "stock", 5,
                        "hora", OffsetDateTime.now(), "orden", (long) i, "recibida", OffsetDateTime.now()));
            }
            try (Connection c = almacen.ds.getConnection()) {
                c.setAutoCommit(false);
                assertEquals(1, grande.guardar(c, poll).size(), "100 carts of 16 characters fit one round");
                c.commit();

                // the store refuses a round for what the round holds: the poll fails as the store's fault
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE reparto ADD CONSTRAINT sin_vetados CHECK (carritos NOT LIKE '%VETADO%')");
                }
                c.commit();
                List<Map<String, Object>> otro = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    otro.add(Map.of("carrito", i == 99 ? "VETADO" : "C" + i, "id", "h" + i, "stock", 5,
                            "hora", OffsetDateTime.now(), "orden", 100L + i, "recibida", OffsetDateTime.now()));
                }
                SQLException e = assertThrows(SQLException.class, () -> grande.guardar(c, otro));
                assertFalse(RechazoDelAlmacen.delRegistro(e), "no request is dead-lettered for its round: " + e);
                c.rollback();
            }
        }
    }

    private static int cerrarMientras(Repartos repartos, Future<?> llegadas) throws Exception {
        int cerrados = 0;
        do {
            cerrados += repartos.formar().size();
        } while (!llegadas.isDone());
        llegadas.get();
        return cerrados + repartos.formar().size();
    }
}
