package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * routes/reposiciones.camel.yaml alone: stock-a-sql reads a poll (leer-lote-stock), stores it in an
 * in-memory H2 (guardar-lote-stock) and looks for delivery batches (hubo-solicitudes) only when the
 * poll held replenishment requests (Stock/1).
 */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/reposiciones.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"stock-a-sql=direct:stock-a-sql", "repartos-vencidos=direct:repartos-vencidos",
                "reposiciones-http=direct:reposiciones-http"},
        advices = @AdviceRouteMapping(route = "stock-a-sql", advice = ReposicionesTest.RepartosAparte.class),
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReposicionesTest {

    /** The filter's target becomes a mock: what the poll decides is seen apart from forming the batches. */
    public static class RepartosAparte extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("formar-repartos-tras-lote").replace().to("mock:formar-repartos");
        }
    }

    @BeanInject
    CamelContext context;

    @BeanInject("dataSource")
    DataSource ds;

    @EndpointInject("mock:formar-repartos")
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
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(cuerpo.getBytes(StandardCharsets.UTF_8));
        e.getMessage().setHeader(KafkaConstants.TOPIC, "Stock");
        e.getMessage().setHeader(KafkaConstants.PARTITION, particion);
        e.getMessage().setHeader(KafkaConstants.OFFSET, offset++);
        e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) confirmaciones::incrementAndGet);
        return e;
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
    void soloReportesNoBuscaRepartos() throws Exception {
        Exchange resultado = poll(registro(0, "R-0", 30), registro(0, "R-00", 25));

        assertNull(resultado.getException());
        assertEquals(0, repartos.getReceivedCounter());
        assertEquals(2, filas("SELECT COUNT(*) FROM reporte_stock WHERE carrito IN ('R-0', 'R-00')"));
        assertEquals(1, confirmaciones.get(), "one partition, one commit");
    }

    @Test
    void unaSolicitudBuscaRepartosUnaVez() throws Exception {
        Exchange resultado = poll(registro(0, "R-1", 30), registro(1, "R-1", 3), registro(1, "R-2", 4));

        assertNull(resultado.getException());
        assertEquals(1, repartos.getReceivedCounter());
        assertEquals(2, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE carrito IN ('R-1', 'R-2')"));
        assertEquals(2, confirmaciones.get());
    }

    @Test
    void unaSolicitudQueRompeElContratoNoCuentaYVaAlDlt() throws Exception {
        MockEndpoint dlt = Rutas.dlt(context);

        Exchange resultado = poll(registro(1, "{\"carrito\":\"R-3\"}"));

        assertNull(resultado.getException());
        assertEquals(0, repartos.getReceivedCounter(), "nothing was stored on partition 1");
        assertEquals(1, dlt.getReceivedCounter());
        assertEquals("Stock.DLT", dlt.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.OVERRIDE_TOPIC));
        assertEquals(1, confirmaciones.get(), "its offset is committed: it is not read again");
    }

    @Test
    void cadaCincoSolicitudesFormanUnReparto() throws Exception {
        // gremio.reparto.tamano = 5; other tests of this class may have left requests waiting too
        poll(registro(1, "F-1", 1), registro(1, "F-2", 2), registro(1, "F-3", 3), registro(1, "F-4", 4),
                registro(1, "F-5", 5));
        int esperando = filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> formados = plantilla.requestBody("direct:formar-repartos", null, List.class);

        assertEquals(esperando / 5, formados.size());
        assertEquals(esperando % 5, filas("SELECT COUNT(*) FROM solicitud_reposicion WHERE reparto IS NULL"),
                "fewer than five wait for espera-max");
        Exchange listado = plantilla.request("direct:reposiciones-http", e -> { });
        assertEquals(200, Rutas.estado(listado));
    }
}
