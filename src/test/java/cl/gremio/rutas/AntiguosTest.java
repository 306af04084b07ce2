package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * routes/antiguos.camel.yaml with the routes its endpoints hand over to (ventas, miembros, avisos,
 * estadisticas) and routes/paginas.camel.yaml: the original forms' fields renamed and sent the
 * same way as the API's; the board's page behind its credentials.
 */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/antiguos.camel.yaml,file:routes/ventas.camel.yaml,"
                + "file:routes/miembros.camel.yaml,file:routes/avisos.camel.yaml,file:routes/estadisticas.camel.yaml,"
                + "file:routes/paginas.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"antigua-nueva-venta=direct:antigua-nueva-venta",
                "antiguo-nuevo-miembro=direct:antiguo-nuevo-miembro", "antiguo-aviso=direct:antiguo-aviso",
                "antiguas-ventas=direct:antiguas-ventas",
                "ventas-http=direct:ventas-http", "ventas-a-sql=direct:ventas-a-sql",
                "miembros-http=direct:miembros-http", "miembros-a-sql=direct:miembros-a-sql",
                "miembros-consulta-http=direct:miembros-consulta-http",
                "miembros-rechazo-http=direct:miembros-rechazo-http",
                "publicacion-mensual=direct:publicacion-mensual", "publicacion-http=direct:publicacion-http",
                "avisos-http=direct:avisos-http", "avisos-consulta-http=direct:avisos-consulta-http",
                "estadisticas-consulta-http=direct:estadisticas-consulta-http",
                "estadisticas-calculo-http=direct:estadisticas-calculo-http",
                "estadisticas-diarias=direct:estadisticas-diarias", "revisar-estadisticas=direct:revisar-estadisticas",
                "pagina-inicio=direct:pagina-inicio", "pagina-panel=direct:pagina-panel",
                "pagina-directiva=direct:pagina-directiva", "recursos-web=direct:recursos-web",
                "pagina-vender=direct:pagina-vender", "pagina-mapa=direct:pagina-mapa",
                "trabajador-vender=direct:trabajador-vender", "recursos-leaflet=direct:recursos-leaflet",
                "ajustes-de-paginas=direct:ajustes-de-paginas",
                "contrato-openapi=direct:contrato-openapi",
                "contrato-esquema=direct:contrato-esquema"},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AntiguosTest {

    @BeanInject
    CamelContext context;

    @EndpointInject("direct:antigua-nueva-venta")
    ProducerTemplate plantilla;

    @BeforeEach
    void mocks() {
        MockEndpoint.resetMocks(context);
    }

    /** A form as platform-http hands it over (its fields, by name). */
    private Exchange formulario(String uri, Map<String, Object> campos) {
        return plantilla.request(uri, e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            e.getMessage().setBody(campos);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void laVentaAntiguaSonLosMismosCuatroRegistros() throws Exception {
        MockEndpoint kafka = Rutas.mock(context, "kafka:NuevaVenta");

        Exchange respuesta = formulario("direct:antigua-nueva-venta", Map.of("carrito", "AB-12", "cliente", "Ana",
                "cantidad", "3", "stock", "4", "Latitud", "-33.45", "Longitud", "-70.66", "segundos", "123"));

        assertEquals(202, Rutas.estado(respuesta));
        List<Message> registros = kafka.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertEquals(4, registros.size());
        assertEquals(1, registros.get(3).getHeader(KafkaConstants.PARTITION_KEY), "stock 4 asks for replenishment");
        assertEquals(-33.45, Rutas.deJson(registros.get(2).getBody()).get("latitud"), "Latitud renamed");
    }

    @Test
    void elNombreViejoYElNuevoJuntosEs400() throws Exception {
        MockEndpoint kafka = Rutas.mock(context, "kafka:NuevaVenta");

        Exchange respuesta = formulario("direct:antigua-nueva-venta", Map.of("carrito", "AB-12", "cliente", "Ana",
                "cantidad", "3", "stock", "4", "Latitud", "-33.45", "latitud", "-33.45", "Longitud", "-70.66"));

        assertEquals(400, Rutas.estado(respuesta));
        assertEquals(0, kafka.getReceivedCounter());
    }

    @Test
    void elMiembroAntiguoPremiumVaALaParticion1() throws Exception {
        MockEndpoint kafka = Rutas.mock(context, "kafka:NuevoMiembro");

        Exchange respuesta = formulario("direct:antiguo-nuevo-miembro", Map.of("name", "Juan", "lastname", "Pérez",
                "rut", "12.345.678-5", "email", "juan@example.cl", "patente", "BBBB12", "premium", "si"));

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals("1", kafka.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.PARTITION_KEY,
                String.class));
    }

    @Test
    void elAvisoAntiguoVaAUbicacion1() throws Exception {
        MockEndpoint kafka = Rutas.mock(context, "kafka:Ubicacion");

        Exchange respuesta = formulario("direct:antiguo-aviso",
                Map.of("carrito", "AB-12", "LatitudAviso", "-33.44", "LongitudAviso", "-70.65"));

        assertEquals(202, Rutas.estado(respuesta));
        assertEquals("1", kafka.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.PARTITION_KEY,
                String.class));
    }

    @Test
    void lasVentasDeHoySonUnaPaginaHtml() {
        Exchange respuesta = plantilla.request("direct:antiguas-ventas", e -> { });

        assertEquals(null, respuesta.getException());
        assertTrue(respuesta.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class).startsWith("text/html"));
        assertTrue(respuesta.getMessage().getBody(String.class).contains("<"));
    }

    @Test
    void laPaginaDeLaDirectivaPideCredenciales() throws Exception {
        Exchange respuesta = plantilla.request("direct:pagina-directiva", e -> { });

        assertEquals(401, Rutas.estado(respuesta));
        assertTrue(respuesta.getMessage().getHeader("WWW-Authenticate", String.class).startsWith("Basic"));
    }
}
