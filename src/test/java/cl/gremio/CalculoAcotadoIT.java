package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;

import cl.gremio.almacen.Estadisticas;
import cl.gremio.entrada.Rechazo;
import cl.gremio.web.Paginacion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits on statistics computations, on the real stores: a POST within
 * gremio.estadisticas.recalculo-segundos answers what is stored (the scheduled run still
 * computes), and a request that finds every turn taken gets a 503 after gremio.estadisticas.espera-ms.
 */
class CalculoAcotadoIT {

    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    static final String DIA = "2026-03-10";
    static final ObjectMapper JSON = new ObjectMapper();

    static Estadisticas estadisticas(AlmacenDePrueba almacen, Path dir, Duration espera, Duration recalculo) {
        return new Estadisticas(almacen.ds, SANTIAGO, Duration.ofDays(7), dir.resolve("reportes"),
                new Paginacion(100, 500), 10, 1, espera, recalculo);
    }

    static void vender(AlmacenDePrueba almacen, String dia, String id, int cantidad) throws Exception {
        try (Connection c = almacen.ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) VALUES "
                    + "('A-1', '" + id + "', " + cantidad + ", TIMESTAMP WITH TIME ZONE '" + dia + " 10:00:00-03', "
                    + "'Ana', 9, 0, 0, 'ana')");
        }
    }

    static long sopaipillas(Estadisticas e, String dia) throws Exception {
        JsonNode t = JSON.readTree(e.calcular(dia)).get("totales");
        return t.get("sopaipillas").asLong();
    }

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void unPostDentroDeLaVentanaRespondeLoGuardado(String tipo, @TempDir Path dir) throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo(tipo, dir)) {
            Estadisticas e = estadisticas(almacen, dir, Duration.ofSeconds(5), Duration.ofSeconds(60));
            vender(almacen, DIA, "v1", 3);
            e.calcularPedido(DIA);
            vender(almacen, DIA, "v2", 4);
            e.calcularPedido(DIA); // within the minute: not computed again
            ObjectMapper json = new ObjectMapper();
            // leer without a request: the first page as stored
            JsonNode guardadas = json.readTree(json.writeValueAsString(e.primeraPagina(DIA)));
            assertEquals(3, guardadas.get("totales").get("sopaipillas").asLong(), "the stored figures: " + guardadas);
            // the scheduled run (and the revision) are not limited
            e.calcular(DIA, false);
            assertEquals(7, json.readTree(json.writeValueAsString(e.primeraPagina(DIA))).get("totales")
                    .get("sopaipillas").asLong());
            assertEquals(7, sopaipillas(e, DIA));
        }
    }

    /** One turn (calculos-simultaneos = 1), held by a computation the database makes wait. */
    @Test
    void sinTurnoDentroDeLaEsperaEs503YElMismoDiaSeComparte(@TempDir Path dir) throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo("postgresql", dir)) {
            Estadisticas e = estadisticas(almacen, dir, Duration.ofMillis(300), Duration.ZERO);
            vender(almacen, DIA, "v1", 3);
            try (Connection bloqueo = almacen.ds.getConnection()) {
                bloqueo.setAutoCommit(false);
                // reads pass, writes wait: the computation stops where it stores the day
                bloqueo.createStatement().execute("LOCK TABLE estadistica_diaria IN EXCLUSIVE MODE");
                CompletableFuture<Void> primera = CompletableFuture.runAsync(() -> {
                    try {
                        e.calcular(DIA, false); // the scheduled run: waits as long as it takes
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                Thread.sleep(500);
                Rechazo otroDia = assertThrows(Rechazo.class, () -> e.calcularPedido("2026-03-11"));
                assertEquals(503, otroDia.getEstado(), "the one turn is taken");
                Rechazo mismoDia = assertThrows(Rechazo.class, () -> e.calcularPedido(DIA));
                assertEquals(503, mismoDia.getEstado(), "joined the computation under way, which outlasted espera-ms");
                bloqueo.rollback();
                primera.get();
            }
            e.calcularPedido(DIA);
            assertEquals(3, sopaipillas(e, DIA));
        }
    }

    /**
     * A day computed before V9 kept its whole answer in one text (tens of MB for the 139k carts of
     * issue 19): a GET does not load it but computes the day again, once, and answers a page of it,
     * still final. Here the stored text disagrees with the sales, as a day's whole answer would
     * disagree with a page of two carts.
     */
    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void unDiaDeAntesDeV9SeCalculaDeNuevoYSeLeePorPaginas(String tipo, @TempDir Path dir) throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo(tipo, dir)) {
            Estadisticas e = estadisticas(almacen, dir, Duration.ofSeconds(5), Duration.ofSeconds(60));
            try (Connection c = almacen.ds.getConnection(); Statement st = c.createStatement()) {
                for (String carrito : new String[] {"A-1", "B-2", "C-3"}) {
                    st.execute("INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) "
                            + "VALUES ('" + carrito + "', 'v1', 2, TIMESTAMP WITH TIME ZONE '" + DIA + " 10:00:00-03', "
                            + "'Ana', 9, 0, 0, 'ana')");
                }
                st.execute("INSERT INTO estadistica_diaria (fecha, cuerpo, calculada, definitiva, por_carrito) VALUES "
                        + "(DATE '" + DIA + "', '{\"fecha\": \"" + DIA + "\", \"totales\": {\"sopaipillas\": 999}, "
                        + "\"carritos\": []}', TIMESTAMP WITH TIME ZONE '" + DIA + " 23:59:00-03', TRUE, FALSE)");
            }
            Exchange pedido = new DefaultExchange(new DefaultCamelContext());
            pedido.getMessage().setHeader("limite", "2");
            JsonNode pagina = JSON.valueToTree(e.leer(DIA, pedido));
            assertEquals(6, pagina.get("totales").get("sopaipillas").asLong(), "computed again from the sales: " + pagina);
            assertEquals(2, pagina.get("carritos").size(), "a page of limite carts: " + pagina);
            assertTrue(pagina.get("final").asBoolean(), "a final day stays final: " + pagina);
            assertNotNull(pedido.getMessage().getHeader("Link"), "the third cart is on the next page");
        }
    }

    /**
     * A page is read in two statements (its carts, then their frequent clients): a computation that
     * commits in between may add a cart inside the page's range. Its frequent clients are not a
     * page's to show (here the same state made directly: clients of a cart the page has not).
     */
    @Test
    void unCarritoNuevoEntreLasDosLecturasDeUnaPaginaNoEsUn500(@TempDir Path dir) throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo("h2", dir)) {
            Estadisticas e = estadisticas(almacen, dir, Duration.ofSeconds(5), Duration.ZERO);
            try (Connection c = almacen.ds.getConnection(); Statement st = c.createStatement()) {
                for (String carrito : new String[] {"A-1", "C-3"}) {
                    st.execute("INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) "
                            + "VALUES ('" + carrito + "', 'v1', 2, TIMESTAMP WITH TIME ZONE '" + DIA + " 10:00:00-03', "
                            + "'Ana', 9, 0, 0, 'ana')");
                }
                e.calcular(DIA, false);
                st.execute("INSERT INTO estadistica_frecuente (fecha, carrito, puesto, cliente, compras, sopaipillas) "
                        + "VALUES (DATE '" + DIA + "', 'B-2', 1, 'Bea', 1, 5)");
            }
            JsonNode pagina = JSON.valueToTree(e.leer(DIA, new DefaultExchange(new DefaultCamelContext())));
            assertEquals(2, pagina.get("carritos").size(), pagina.toString());
            assertEquals("C-3", pagina.get("carritos").get(1).get("carrito").asText());
            assertTrue(!pagina.toString().contains("Bea"), "B-2 is on no page of it: " + pagina);
        }
    }
}
