package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.BeanInject;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** routes/ventas.camel.yaml alone: what a sale becomes, and what is refused before Kafka. */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/ventas.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"ventas-http=direct:ventas-http", "ventas-a-sql=direct:ventas-a-sql"},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
// one context for the whole class: its start (and the H2 migration) is most of the time
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VentasTest {

    @BeanInject
    CamelContext context;

    @EndpointInject("direct:ventas-http")
    ProducerTemplate http;

    private MockEndpoint kafka;

    @BeforeEach
    void mocks() {
        MockEndpoint.resetMocks(context);
        kafka = Rutas.mock(context, "kafka:NuevaVenta");
        kafka.whenAnyExchangeReceived(null); // Kafka acknowledges, unless a test says otherwise
    }

    private static String venta(String id, int stock) {
        return "{\"id\":\"" + id + "\",\"carrito\":\"AB-12\",\"cliente\":\"Ana\",\"cantidad\":3,\"stock\":" + stock
                + ",\"latitud\":-33.45,\"longitud\":-70.66}";
    }

    @SuppressWarnings("unchecked")
    private List<Message> registrosEnviados() {
        assertEquals(1, kafka.getReceivedCounter(), "one Kafka send with the four records");
        return kafka.getReceivedExchanges().get(0).getMessage().getBody(List.class);
    }

    private static String destino(Message m) {
        return m.getHeader(KafkaConstants.OVERRIDE_TOPIC) + "/" + m.getHeader(KafkaConstants.PARTITION_KEY);
    }

    @Test
    void bajoElUmbralPideReposicionEnStock1() throws Exception {
        Exchange respuesta = Rutas.json(http, "direct:ventas-http", venta("v-19", 19));

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals(Map.of("id", "v-19", "reposicion", true), Rutas.cuerpo(respuesta));
        List<Message> registros = registrosEnviados();
        assertEquals(List.of("NuevaVenta/0", "NuevaVenta/1", "Ubicacion/0", "Stock/1"),
                registros.stream().map(VentasTest::destino).toList());
        for (Message r : registros) {
            assertEquals("AB-12", r.getHeader(KafkaConstants.KEY), "keyed by cart");
            assertEquals("v-19", Rutas.deJson(r.getBody()).get("id"), "every record carries the sale's id");
        }
        assertEquals(19, Rutas.deJson(registros.get(3).getBody()).get("stock"));
        assertEquals("Ana", Rutas.deJson(registros.get(1).getBody()).get("cliente"));
    }

    @Test
    void enElUmbralEsUnReporteEnStock0() throws Exception {
        Exchange respuesta = Rutas.json(http, "direct:ventas-http", venta("v-20", 20));

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals(false, Rutas.cuerpo(respuesta).get("reposicion"));
        assertEquals("Stock/0", destino(registrosEnviados().get(3)));
    }

    @Test
    void unCampoMaloEs400QueLoNombraYNadaLlegaAKafka() throws Exception {
        Exchange respuesta = Rutas.json(http, "direct:ventas-http",
                venta("v-mala", 5).replace("\"cantidad\":3", "\"cantidad\":0"));

        assertEquals(400, Rutas.estado(respuesta));
        assertEquals("cantidad", Rutas.cuerpo(respuesta).get("campo"));
        assertEquals(0, kafka.getReceivedCounter());
    }

    @Test
    void jsonMalFormadoEs400SinCampo() throws Exception {
        Exchange respuesta = Rutas.json(http, "direct:ventas-http", "{\"carrito\":");

        assertEquals(400, Rutas.estado(respuesta));
        assertNull(Rutas.cuerpo(respuesta).get("campo"));
        assertEquals(0, kafka.getReceivedCounter());
    }

    @Test
    void otroTipoDeContenidoEs415() throws Exception {
        Exchange respuesta = Rutas.enviar(http, "direct:ventas-http", "text/plain", venta("v-texto", 5), Map.of());

        assertEquals(415, Rutas.estado(respuesta));
        assertEquals(0, kafka.getReceivedCounter());
    }

    @Test
    void kafkaQueNoConfirmaEs503ConRetryAfterYElId() throws Exception {
        kafka.whenAnyExchangeReceived(e -> {
            throw new KafkaException("sin líder");
        });

        Exchange respuesta = Rutas.json(http, "direct:ventas-http", venta("v-503", 5));

        assertEquals(503, Rutas.estado(respuesta));
        assertEquals("5", respuesta.getMessage().getHeader("Retry-After", String.class));
        assertEquals("v-503", Rutas.cuerpo(respuesta).get("id"));
    }

    @Test
    void sinIdElServidorLoGeneraYLoDevuelve() throws Exception {
        Exchange respuesta = Rutas.json(http, "direct:ventas-http", venta("x", 5).replace("\"id\":\"x\",", ""));

        assertEquals(202, Rutas.estado(respuesta));
        Object id = Rutas.cuerpo(respuesta).get("id");
        assertEquals(id, Rutas.deJson(registrosEnviados().get(0).getBody()).get("id"));
    }
}
