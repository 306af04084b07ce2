package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import cl.gremio.Registros;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * routes/reposiciones.camel.yaml alone: stock-a-sql reads a poll (leer-lote-stock), stores it in an
 * in-memory H2 (guardar-lote-stock), where every five replenishment requests (Stock/1) form a
 * delivery round as they are stored, and sends each round it completed to direct:sale-reparto.
 */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/reposiciones.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"stock-a-sql=direct:stock-a-sql", "repartos-vencidos=direct:repartos-vencidos",
                "reposiciones-http=direct:reposiciones-http"},
        advices = {@AdviceRouteMapping(route = "repartos-del-lote", advice = ReposicionesTest.RepartosAparte.class),
                @AdviceRouteMapping(route = "stock-a-sql", advice = ReposicionesTest.AlConfirmar.class)},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReposicionesTest {

    /** The rounds a poll completed reach a mock. */
    public static class RepartosAparte extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("sale-reparto-del-lote").replace().to("mock:sale-reparto");
        }
    }

    /** How many rounds had left when the poll's offsets were committed (a templated step: its id is still confirmar-lote-{{flujo}} here, so a wildcard). */
    public static class AlConfirmar extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("confirmar-lote-*").before().process(e -> REPARTOS_AL_CONFIRMAR.set(
                    e.getContext().getEndpoint("mock:sale-reparto", MockEndpoint.class).getReceivedCounter()));
        }
    }

    static final AtomicInteger REPARTOS_AL_CONFIRMAR = new AtomicInteger();

    @BeanInject
    CamelContext context;

    @BeanInject("dataSource")
    DataSource ds;

    @EndpointInject("mock:sale-reparto")
    MockEndpoint repartos;

    @EndpointInject("direct:stock-a-sql")
    ProducerTemplate plantilla;

    private final AtomicInteger confirmaciones = new AtomicInteger();
    private long offset;

    @BeforeEach
    void mocks() {
        MockEndpoint.resetMocks(context);
        confirmaciones.set(0);
    }

    private Exchange registro(int particion, String carrito, int stock) {
        return registro(particion, "{\"id\":\"r-" + offset + "\",\"carrito\":\"" + carrito + "\",\"stock\":" + stock
                + ",\"hora\":\"2026-11-20T10:15:00-03:00\"}");
    }

    private Exchange registro(int particion, String cuerpo) {
        return Registros.entregado(context, "Stock", particion, offset++, cuerpo, confirmaciones::incrementAndGet);
    }

    private Exchange poll(Exchange... registros) {
        List<Exchange> lista = new ArrayList<>(List.of(registros));
        return plantilla.send("direct:stock-a-sql", e -> e.getMessage().setBody(lista));
    }

    private int filas(String sql) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void soloReportesNoFormanRepartos() throws Exception {
        Exchange resultado = poll(registro(0, "R-0", 30), registro(0, "R-00", 25));

        assertNull(resultado.getException());
        assertEquals(0, repartos.getReceivedCounter());
        assertEquals(2, filas("SELECT COUNT(*) FROM reporte_stock WHERE carrito IN ('R-0', 'R-00')"));
        assertEquals(1, confirmaciones.get(), "one partition, one commit");
    }

    @Test
    void unaSolicitudQueRompeElContratoNoCuentaYVaAlDlt() throws Exception {
        MockEndpoint dlt = Rutas.dlt(context);
        int esperando = filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL");

        Exchange resultado = poll(registro(1, "{\"carrito\":\"R-3\"}"));

        assertNull(resultado.getException());
        assertEquals(esperando, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL"),
                "nothing was stored on partition 1");
        assertEquals(1, dlt.getReceivedCounter());
        assertEquals("Stock.DLT", dlt.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.OVERRIDE_TOPIC));
        assertEquals(1, confirmaciones.get(), "its offset is committed: it is not read again");
    }

    @Test
    void cadaCincoSolicitudesFormanUnRepartoAlGuardarseYUnPollRepetidoNoCambiaNada() throws Exception {
        // gremio.reparto.tamano = 5; other tests of this class may have left requests waiting too
        int antes = filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL");
        List<String> cuerpos = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            cuerpos.add("{\"id\":\"f-" + i + "\",\"carrito\":\"F-" + i + "\",\"stock\":" + i
                    + ",\"hora\":\"2026-11-20T10:15:00-03:00\"}");
        }
        Exchange resultado = poll(cuerpos.stream().map(c -> registro(1, c)).toArray(Exchange[]::new));

        assertNull(resultado.getException());
        int rondas = (antes + 7) / 5;
        assertEquals(rondas, repartos.getReceivedCounter(), "each complete round leaves once");
        assertEquals(rondas, REPARTOS_AL_CONFIRMAR.get(), "before the poll's offsets are committed");
        assertEquals((antes + 7) % 5, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL"),
                "fewer than five wait for espera-max");
        assertEquals(5 * rondas, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IN "
                + "(SELECT id FROM reparto WHERE carritos LIKE '%F-%')"), "a round holds five requests");
        String asignados = "SELECT COUNT(*) FROM solicitud_reposicion WHERE carrito LIKE 'F-%' AND reparto IS NOT NULL";
        int asignadas = filas(asignados);
        int repartosAntes = filas("SELECT COUNT(*) FROM reparto");

        // the same poll delivered again (its offsets were not committed before a crash)
        resultado = poll(cuerpos.stream().map(c -> registro(1, c)).toArray(Exchange[]::new));

        assertNull(resultado.getException());
        assertEquals(rondas, repartos.getReceivedCounter(), "no round is formed again");
        assertEquals(repartosAntes, filas("SELECT COUNT(*) FROM reparto"));
        assertEquals(asignadas, filas(asignados), "no request changed round");
        assertEquals(7, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE carrito LIKE 'F-%'"));
        Exchange listado = plantilla.request("direct:reposiciones-http", e -> { });
        assertEquals(200, Rutas.estado(listado));
    }

    @Test
    void elTemporizadorNoCierraUnaRondaIncompletaQueAunPuedeEsperar() throws Exception {
        poll(registro(1, "T-1", 1));
        int esperando = filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> formados = plantilla.requestBody("direct:formar-repartos", null, List.class);

        assertEquals(esperando / 5, formados.size(), "espera-max is ten minutes here");
        assertEquals(esperando % 5, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL"));
    }
}
