package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cl.gremio.Registros;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
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
        return Registros.entregado(context, "Ubicacion", particion, offset, cuerpo, () -> { });
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

    /**
     * A poll writes only each cart's newest position: whatever the order the positions arrive in,
     * and however they are split into polls, a cart ends at its newest one (the last of those with
     * the same time), as if each position had been written in turn.
     */
    @Test
    void cadaPollDejaLaMasNuevaDeCadaCarritoComoSiSeEscribieranUnaAUna() throws Exception {
        java.util.Random azar = new java.util.Random(7);
        long ahora = System.currentTimeMillis() / 1000;
        long offset = 100;
        for (int prueba = 0; prueba < 40; prueba++) {
            String[] carritos = {"UBP-" + prueba + "a", "UBP-" + prueba + "b"};
            java.util.Map<String, double[]> esperada = new java.util.HashMap<>(); // carrito -> {segundos, latitud}
            for (int p = 0; p < 1 + azar.nextInt(4); p++) {
                List<Exchange> poll = new ArrayList<>();
                for (int r = 0; r < 1 + azar.nextInt(8); r++) {
                    String carrito = carritos[azar.nextInt(2)];
                    long segundos = ahora - azar.nextInt(4); // few values: equal times are common
                    double latitud = -(1 + prueba + (offset % 50) / 100.0);
                    double[] antes = esperada.get(carrito);
                    if (antes == null || segundos >= antes[0]) {
                        esperada.put(carrito, new double[] {segundos, latitud});
                    }
                    poll.add(registro(0, offset++, "{\"id\":\"p-" + offset + "\",\"carrito\":\"" + carrito
                            + "\",\"latitud\":" + latitud + ",\"longitud\":-70,\"segundos\":" + segundos + "}"));
                }
                Exchange resultado = plantilla.send("direct:ubicaciones-a-sql", e -> e.getMessage().setBody(poll));
                assertNull(resultado.getException());
            }
            try (Connection c = ds.getConnection()) {
                for (var e : esperada.entrySet()) {
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT segundos, latitud FROM posicion WHERE carrito = '" + e.getKey() + "'");
                    rs.next();
                    assertEquals((long) e.getValue()[0], rs.getLong(1), e.getKey());
                    assertEquals(e.getValue()[1], rs.getDouble(2), e.getKey());
                }
            }
        }
    }
}
