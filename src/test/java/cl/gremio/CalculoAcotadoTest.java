package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits on statistics computations, on the real stores: a POST within
 * gremio.estadisticas.recalculo-segundos answers what is stored (the scheduled run still
 * computes), and a request that finds every turn taken gets a 503 after gremio.estadisticas.espera-ms.
 */
class CalculoAcotadoTest {

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
}
