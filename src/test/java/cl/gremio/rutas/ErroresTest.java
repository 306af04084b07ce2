package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import cl.gremio.Registros;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * routes/errores.camel.yaml with the two kinds of consumer that use it: a record that breaks the
 * contract goes, as it was read, to {@code <topic>.DLT} with {@code dlt.motivo} and {@code dlt.origen}.
 * Ventas is consumed a poll at a time (its lote stores into an in-memory H2), miembros record by record.
 */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/ventas.camel.yaml,file:routes/miembros.camel.yaml"
                + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"ventas-http=direct:ventas-http", "ventas-a-sql=direct:ventas-a-sql",
                "miembros-http=direct:miembros-http", "miembros-a-sql=direct:miembros-a-sql",
                "miembros-consulta-http=direct:miembros-consulta-http",
                "miembros-rechazo-http=direct:miembros-rechazo-http",
                "publicacion-mensual=direct:publicacion-mensual", "publicacion-http=direct:publicacion-http"},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErroresTest {

    @BeanInject
    CamelContext context;

    @BeanInject("dataSource")
    DataSource ds;

    @EndpointInject("direct:registro-invalido")
    ProducerTemplate plantilla;

    private final AtomicInteger confirmaciones = new AtomicInteger();

    @BeforeEach
    void mocks() {
        MockEndpoint.resetMocks(context);
        confirmaciones.set(0);
    }

    /** A record as the Kafka consumer hands it over: bytes, topic, partition, offset and its commit. */
    private Exchange registro(String topico, int particion, long offset, String cuerpo) {
        return Registros.entregado(context, topico, particion, offset, cuerpo, confirmaciones::incrementAndGet);
    }

    @Test
    void registroInvalidoVaAlDltDeSuTopicoConMotivoYOrigen() {
        MockEndpoint dlt = Rutas.dlt(context);

        plantilla.send("direct:registro-invalido", e -> {
            e.getMessage().setBody("{roto".getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader(KafkaConstants.TOPIC, "NuevaVenta");
            e.getMessage().setHeader(KafkaConstants.PARTITION, 0);
            e.getMessage().setHeader(KafkaConstants.OFFSET, 7L);
            e.getMessage().setHeader("dlt.motivo", "JSON mal formado");
        });

        assertEquals(1, dlt.getReceivedCounter());
        Exchange enviado = dlt.getReceivedExchanges().get(0);
        assertEquals("NuevaVenta.DLT", enviado.getMessage().getHeader(KafkaConstants.OVERRIDE_TOPIC));
        assertEquals("{roto", enviado.getMessage().getBody(String.class));
        assertEquals("JSON mal formado", enviado.getMessage().getHeader("dlt.motivo"));
        assertEquals("NuevaVenta/0@7", enviado.getMessage().getHeader("dlt.origen"));
    }

    @Test
    void unPollGuardaLoValidoYMandaAlDltSoloLoQueRompeElContrato() throws Exception {
        MockEndpoint dlt = Rutas.dlt(context);
        List<Exchange> poll = new ArrayList<>();
        poll.add(registro("NuevaVenta", 0, 40, "{\"id\":\"e-1\",\"carrito\":\"ER-1\",\"cantidad\":2,"
                + "\"hora\":\"2026-11-20T10:15:00-03:00\",\"cliente\":\"Ana\",\"stock\":30,\"latitud\":1,\"longitud\":2}"));
        poll.add(registro("NuevaVenta", 0, 41, "esto no es JSON"));
        poll.add(registro("NuevaVenta", 1, 12, "{\"id\":\"e-1\",\"carrito\":\"ER-1\",\"cliente\":\"Ana\",\"cantidad\":2}"));

        Exchange resultado = context.createProducerTemplate().send("direct:ventas-a-sql", e -> e.getMessage().setBody(poll));

        assertEquals(null, resultado.getException());
        assertEquals(1, dlt.getReceivedCounter());
        Exchange enviado = dlt.getReceivedExchanges().get(0);
        assertEquals("NuevaVenta.DLT", enviado.getMessage().getHeader(KafkaConstants.OVERRIDE_TOPIC));
        assertEquals("esto no es JSON", enviado.getMessage().getBody(String.class));
        assertEquals("NuevaVenta/0@41", enviado.getMessage().getHeader("dlt.origen"));
        assertTrue(enviado.getMessage().getHeader("dlt.motivo", String.class).length() > 0);
        assertEquals(2, confirmaciones.get(), "each partition's offset committed once, after the store");
        try (Connection c = ds.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT clave FROM venta WHERE carrito = 'ER-1'")) {
            assertTrue(rs.next(), "the valid sale is stored");
            assertEquals("ana", rs.getString(1), "and carries its client's key");
        }
    }

    /**
     * The sale row takes its client's key from a client part stored before it; a client part that
     * comes in a later poll than its sale writes the key onto the stored sale instead. The second
     * poll holds both cases: each sale ends with its key.
     */
    @Test
    void laParteDeClienteDeUnaVentaYaGuardadaLeDaSuClave() throws Exception {
        String venta = "{\"id\":\"%s\",\"carrito\":\"ER-2\",\"cantidad\":1,"
                + "\"hora\":\"2026-11-20T10:15:00-03:00\",\"cliente\":\"%s\",\"stock\":30,\"latitud\":1,\"longitud\":2}";
        String parte = "{\"id\":\"%s\",\"carrito\":\"ER-2\",\"cliente\":\"%s\",\"cantidad\":1}";
        List<Exchange> primero = List.of(registro("NuevaVenta", 0, 60, venta.formatted("c-1", "Bea")));
        List<Exchange> segundo = List.of(
                registro("NuevaVenta", 1, 30, parte.formatted("c-1", "Bea")),
                registro("NuevaVenta", 0, 61, venta.formatted("c-2", "Cata")),
                registro("NuevaVenta", 1, 31, parte.formatted("c-2", "Cata")));

        for (List<Exchange> poll : List.of(primero, segundo)) {
            Exchange resultado = context.createProducerTemplate().send("direct:ventas-a-sql", e -> e.getMessage().setBody(poll));
            assertEquals(null, resultado.getException());
        }

        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT id, clave FROM venta WHERE carrito = 'ER-2' ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("c-1 bea", rs.getString(1) + " " + rs.getString(2), "key written onto the sale stored before");
            assertTrue(rs.next());
            assertEquals("c-2 cata", rs.getString(1) + " " + rs.getString(2), "key taken as the sale was inserted");
        }
    }

    @Test
    void unMiembroIlegibleVaAlDltComoSeLeyo() {
        MockEndpoint dlt = Rutas.dlt(context);
        MockEndpoint guardar = Rutas.mock(context, "sql/guardar-miembro.sql");

        context.createProducerTemplate().send("direct:miembros-a-sql",
                registro("NuevoMiembro", 1, 5, "{\"rut\":\"no-es-rut\"}"));

        assertEquals(0, guardar.getReceivedCounter());
        assertEquals(1, dlt.getReceivedCounter());
        Exchange enviado = dlt.getReceivedExchanges().get(0);
        assertEquals("NuevoMiembro.DLT", enviado.getMessage().getHeader(KafkaConstants.OVERRIDE_TOPIC));
        assertEquals("{\"rut\":\"no-es-rut\"}", enviado.getMessage().getBody(String.class));
        assertEquals("NuevoMiembro/1@5", enviado.getMessage().getHeader("dlt.origen"));
        assertTrue(enviado.getMessage().getHeader("dlt.motivo", String.class).length() > 0);
    }
}
