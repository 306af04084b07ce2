package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

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

/** routes/avisos.camel.yaml alone: a prófugo report goes to Ubicacion/1, keyed by cart or by its id. */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/avisos.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"avisos-http=direct:avisos-http", "avisos-consulta-http=direct:avisos-consulta-http"},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvisosTest {

    @BeanInject
    CamelContext context;

    @EndpointInject("direct:avisos-http")
    ProducerTemplate plantilla;

    private MockEndpoint kafka;

    @BeforeEach
    void mocks() {
        MockEndpoint.resetMocks(context);
        kafka = Rutas.mock(context, "kafka:Ubicacion");
    }

    @Test
    void unAvisoVaAUbicacion1ConElCarritoDeClave() throws Exception {
        Exchange respuesta = Rutas.json(plantilla, "direct:avisos-http",
                "{\"id\":\"a-1\",\"carrito\":\"AB-12\",\"latitud\":-33.44,\"longitud\":-70.65}");

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals(Map.of("id", "a-1"), Rutas.cuerpo(respuesta));
        assertEquals(1, kafka.getReceivedCounter());
        Exchange enviado = kafka.getReceivedExchanges().get(0);
        assertEquals("1", enviado.getMessage().getHeader(KafkaConstants.PARTITION_KEY, String.class));
        assertEquals("AB-12", enviado.getMessage().getHeader(KafkaConstants.KEY));
        Map<String, Object> registro = Rutas.deJson(enviado.getMessage().getBody(String.class));
        assertEquals("a-1", registro.get("id"));
        assertEquals(-33.44, registro.get("latitud"));
    }

    @Test
    void sinCarritoLaClaveEsElId() throws Exception {
        Exchange respuesta = Rutas.json(plantilla, "direct:avisos-http",
                "{\"id\":\"a-2\",\"latitud\":-33.44,\"longitud\":-70.65}");

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals("a-2", kafka.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.KEY));
    }

    @Test
    void unaLatitudFueraDeRangoEs400SinRegistro() throws Exception {
        Exchange respuesta = Rutas.json(plantilla, "direct:avisos-http", "{\"latitud\":91,\"longitud\":-70.65}");

        assertEquals(400, Rutas.estado(respuesta));
        assertEquals("latitud", Rutas.cuerpo(respuesta).get("campo"));
        assertEquals(0, kafka.getReceivedCounter());
    }

    @Test
    void laConsultaDaLasFilasConLaHoraLegible() throws Exception {
        Rutas.mock(context, "sql/avisos-recientes.sql").whenAnyExchangeReceived(e -> e.getMessage().setBody(
                List.of(Map.of("id", "a-1", "hora", java.time.OffsetDateTime.parse("2026-11-20T13:15:00Z")))));

        Exchange respuesta = plantilla.request("direct:avisos-consulta-http", e -> { });

        assertEquals(200, Rutas.estado(respuesta));
        // the store's instant, shown in gremio.zona
        assertEquals(List.of(Map.of("id", "a-1", "hora", "2026-11-20T10:15:00-03:00")),
                new com.fasterxml.jackson.databind.ObjectMapper().readValue(respuesta.getMessage().getBody(String.class), List.class));
    }
}
