package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** routes/miembros.camel.yaml alone: the partition an application goes to, the board's reads and rejections. */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/miembros.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"miembros-http=direct:miembros-http", "miembros-a-sql=direct:miembros-a-sql",
                "miembros-consulta-http=direct:miembros-consulta-http",
                "miembros-rechazo-http=direct:miembros-rechazo-http",
                "publicacion-mensual=direct:publicacion-mensual", "publicacion-http=direct:publicacion-http"},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MiembrosTest {

    private static final String CREDENCIALES = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + BeansDePrueba.CLAVE).getBytes(StandardCharsets.UTF_8));

    @BeanInject
    CamelContext context;

    @EndpointInject("direct:miembros-http")
    ProducerTemplate plantilla;

    private MockEndpoint kafka;
    private MockEndpoint rechazar;
    private MockEndpoint leer;
    private MockEndpoint listar;

    @BeforeEach
    void mocks() {
        MockEndpoint.resetMocks(context);
        kafka = Rutas.mock(context, "kafka:NuevoMiembro");
        rechazar = Rutas.mock(context, "sql/rechazar-pendiente.sql");
        leer = Rutas.mock(context, "sql/leer-miembro.sql");
        listar = Rutas.mock(context, "sql/listar-miembros.sql");
        kafka.whenAnyExchangeReceived(null);
    }

    private static String solicitud(boolean premium) {
        return "{\"nombre\":\"Juan\",\"apellido\":\"Pérez\",\"rut\":\"12.345.678-5\",\"email\":\"juan@example.cl\","
                + "\"patente\":\"BBBB12\",\"premium\":" + premium + "}";
    }

    private void unRegistroEn(String particion) {
        assertEquals(1, kafka.getReceivedCounter());
        Exchange enviado = kafka.getReceivedExchanges().get(0);
        assertEquals(particion, enviado.getMessage().getHeader(KafkaConstants.PARTITION_KEY, String.class));
        assertEquals("12345678-5", enviado.getMessage().getHeader(KafkaConstants.KEY));
    }

    @Test
    void premiumVaALaParticion1() throws Exception {
        Exchange respuesta = Rutas.json(plantilla, "direct:miembros-http", solicitud(true));

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals(Map.of("rut", "12345678-5", "premium", true, "particion", 1), Rutas.cuerpo(respuesta));
        unRegistroEn("1");
    }

    @Test
    void normalVaALaParticion0() throws Exception {
        Exchange respuesta = Rutas.json(plantilla, "direct:miembros-http", solicitud(false));

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals(0, Rutas.cuerpo(respuesta).get("particion"));
        unRegistroEn("0");
    }

    @Test
    void unFormularioSinPremiumEsNormal() throws Exception {
        // a form's fields as platform-http hands them over; an unticked checkbox sends nothing
        Exchange respuesta = plantilla.request("direct:miembros-http", e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            e.getMessage().setBody(Map.of("nombre", "Juan", "apellido", "Pérez", "rut", "12.345.678-5",
                    "email", "juan@example.cl", "patente", "BBBB12"));
        });

        assertEquals(202, Rutas.estado(respuesta));
        unRegistroEn("0");
    }

    @Test
    void rutInvalidoEs400SinRegistro() throws Exception {
        Exchange respuesta = Rutas.json(plantilla, "direct:miembros-http",
                solicitud(true).replace("12.345.678-5", "12.345.678-9"));

        assertEquals(400, Rutas.estado(respuesta));
        assertEquals("rut", Rutas.cuerpo(respuesta).get("campo"));
        assertEquals(0, kafka.getReceivedCounter());
    }

    @Test
    void kafkaQueNoConfirmaEs503ConElRut() throws Exception {
        kafka.whenAnyExchangeReceived(e -> {
            throw new KafkaException("sin líder");
        });

        Exchange respuesta = Rutas.json(plantilla, "direct:miembros-http", solicitud(false));

        assertEquals(503, Rutas.estado(respuesta));
        assertEquals("12345678-5", Rutas.cuerpo(respuesta).get("rut"));
    }

    @Test
    void consultarSinCredencialesEs401ConDesafio() throws Exception {
        Exchange respuesta = Rutas.enviar(plantilla, "direct:miembros-consulta-http", null, null,
                Map.of(Exchange.HTTP_METHOD, "GET"));

        assertEquals(401, Rutas.estado(respuesta));
        assertEquals("Basic realm=\"gremio\", charset=\"UTF-8\"", respuesta.getMessage().getHeader("WWW-Authenticate"));
        assertEquals(0, listar.getReceivedCounter());
    }

    @Test
    void consultarConCredencialesListaLoQueDaElAlmacen() throws Exception {
        listar.whenAnyExchangeReceived(e -> e.getMessage().setBody(List.of(Map.of("rut", "12345678-5"))));

        Exchange respuesta = Rutas.enviar(plantilla, "direct:miembros-consulta-http", null, null,
                Map.of(Exchange.HTTP_METHOD, "GET", "Authorization", CREDENCIALES));

        assertEquals(200, Rutas.estado(respuesta));
        assertEquals("[{\"rut\":\"12345678-5\"}]", respuesta.getMessage().getBody(String.class));
    }

    private Exchange rechazar(String rut) {
        return Rutas.enviar(plantilla, "direct:miembros-rechazo-http", "application/json", "{\"estado\":\"rechazado\"}",
                Map.of(Exchange.HTTP_METHOD, "PATCH", "Authorization", CREDENCIALES, "rut", rut));
    }

    /** What the store answers: how many rows the UPDATE changed, and the row the SELECT finds (or none). */
    private void almacen(int rechazadas, Map<String, Object> fila) {
        rechazar.whenAnyExchangeReceived(e -> e.getMessage().setHeader("CamelSqlUpdateCount", rechazadas));
        leer.whenAnyExchangeReceived(e -> e.getMessage().setBody(fila));
    }

    @Test
    void rechazarUnRutDesconocidoEs404() throws Exception {
        almacen(0, null);

        Exchange respuesta = rechazar("11.111.111-1");

        assertEquals(404, Rutas.estado(respuesta));
        assertEquals("rut", Rutas.cuerpo(respuesta).get("campo"));
        assertEquals("11111111-1", rechazar.getReceivedExchanges().get(0).getMessage().getHeader("rut"),
                "the UPDATE gets the RUT normalised");
    }

    @Test
    void rechazarUnaYaAprobadaEs409() throws Exception {
        almacen(0, Map.of("rut", "12345678-5", "estado", "aprobado"));

        Exchange respuesta = rechazar("12.345.678-5");

        assertEquals(409, Rutas.estado(respuesta));
        assertEquals("estado", Rutas.cuerpo(respuesta).get("campo"));
    }

    @Test
    void rechazarUnaPendienteDevuelveLaFila() throws Exception {
        almacen(1, Map.of("rut", "12345678-5", "estado", "rechazado"));

        Exchange respuesta = rechazar("12.345.678-5");

        assertEquals(200, Rutas.estado(respuesta));
        assertEquals("rechazado", Rutas.cuerpo(respuesta).get("estado"));
    }

    @Test
    void rechazarSinCredencialesEs401YNoTocaElAlmacen() throws Exception {
        Exchange respuesta = Rutas.enviar(plantilla, "direct:miembros-rechazo-http", "application/json",
                "{\"estado\":\"rechazado\"}", Map.of(Exchange.HTTP_METHOD, "PATCH", "rut", "12.345.678-5"));

        assertEquals(401, Rutas.estado(respuesta));
        assertEquals(0, rechazar.getReceivedCounter());
    }

    @Test
    void unRegistroValidoSeGuardaConSuRut() throws Exception {
        MockEndpoint guardar = Rutas.mock(context, "sql/guardar-miembro.sql");

        plantilla.send("direct:miembros-a-sql", e -> {
            e.getMessage().setBody(solicitud(true).replace("12.345.678-5", "12345678-5")
                    .getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader(KafkaConstants.TOPIC, "NuevoMiembro");
            e.getMessage().setHeader(KafkaConstants.PARTITION, 1);
            e.getMessage().setHeader(KafkaConstants.OFFSET, 3L);
        });

        assertEquals(1, guardar.getReceivedCounter());
        Exchange guardado = guardar.getReceivedExchanges().get(0);
        assertEquals("12345678-5", guardado.getMessage().getBody(Map.class).get("rut"));
        assertEquals("NuevoMiembro/1@3", guardado.getVariable("origen"), "names the record in a failure's log line");
    }
}
