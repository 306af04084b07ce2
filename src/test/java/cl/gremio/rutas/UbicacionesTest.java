package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** routes/ubicaciones.camel.yaml alone: a poll of positions keeps the newest per cart, reports go to aviso. */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/ubicaciones.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"ubicaciones-a-sql=direct:ubicaciones-a-sql", "ubicaciones-http=direct:ubicaciones-http"},
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UbicacionesTest {

    @BeanInject
    CamelContext context;

    @BeanInject("dataSource")
    DataSource ds;

    @EndpointInject("direct:ubicaciones-a-sql")
    ProducerTemplate plantilla;

    private Exchange registro(int particion, long offset, String cuerpo) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(cuerpo.getBytes(StandardCharsets.UTF_8));
        e.getMessage().setHeader(KafkaConstants.TOPIC, "Ubicacion");
        e.getMessage().setHeader(KafkaConstants.PARTITION, particion);
        e.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> { });
        return e;
    }

    @Test
    void laPosicionMasNuevaGanaAunqueLlegueAntes() throws Exception {
        long ahora = System.currentTimeMillis() / 1000; // a record's time may not be ahead of the clock
        List<Exchange> poll = new ArrayList<>(List.of(
                registro(0, 1, "{\"id\":\"u-2\",\"carrito\":\"UB-1\",\"latitud\":-33.2,\"longitud\":-70.2,\"segundos\":" + (ahora - 10) + "}"),
                registro(0, 2, "{\"id\":\"u-1\",\"carrito\":\"UB-1\",\"latitud\":-33.1,\"longitud\":-70.1,\"segundos\":" + (ahora - 20) + "}"),
                registro(1, 1, "{\"id\":\"a-9\",\"carrito\":\"UB-1\",\"latitud\":-33.3,\"longitud\":-70.3,"
                        + "\"hora\":\"2026-11-20T10:15:00-03:00\"}")));

        Exchange resultado = plantilla.send("direct:ubicaciones-a-sql", e -> e.getMessage().setBody(poll));

        assertNull(resultado.getException());
        try (Connection c = ds.getConnection()) {
            ResultSet rs = c.createStatement().executeQuery("SELECT latitud FROM posicion WHERE carrito = 'UB-1'");
            rs.next();
            assertEquals(-33.2, rs.getDouble(1), "an older position never replaces a newer one");
            rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM aviso WHERE id = 'a-9'");
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }
}
