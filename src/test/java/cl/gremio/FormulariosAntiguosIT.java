package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The original system's form endpoints take the same path as the JSON API; the pages are served safely. */
class FormulariosAntiguosIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    @Test
    void nuevaVentaAvisoYNuevoMiembroConLosCamposOriginales() throws Exception {
        String carrito = "OLD-" + UUID.randomUUID().toString().substring(0, 4);
        HttpResponse<String> venta = app.postForm("/NuevaVenta", "carrito=" + carrito
                + "&cliente=Ana&cantidad=2&hora=10:15&stock=10&Latitud=-33.4&Longitud=-70.6&segundos=1795698900");
        assertEquals(202, venta.statusCode(), venta.body());
        assertTrue(json(venta.body()).get("reposicion").asBoolean());
        JsonNode posicion = json(Registros.de(app.brokers(), "Ubicacion", 0, r -> carrito.equals(r.key())).get(0).value());
        assertEquals(-33.4, posicion.get("latitud").asDouble());
        assertEquals(1, Registros.de(app.brokers(), "Stock", 1, r -> carrito.equals(r.key())).size());

        HttpResponse<String> aviso = app.postForm("/Aviso", "carrito=" + carrito
                + "&LatitudAviso=-33.5&LongitudAviso=-70.7&horaAviso=11:00");
        assertEquals(202, aviso.statusCode(), aviso.body());
        JsonNode reporte = json(Registros.de(app.brokers(), "Ubicacion", 1, r -> carrito.equals(r.key())).get(0).value());
        assertEquals(-70.7, reporte.get("longitud").asDouble());
        assertTrue(reporte.get("hora").asText().contains("T11:00:00"));

        String rut = MiembrosIT.rutNuevo();
        HttpResponse<String> miembro = app.postForm("/NuevoMiembro", "name=Juan&lastname=Paz&rut=" + rut
                + "&email=j%40x.cl&patente=AB1234&premium=true");
        assertEquals(202, miembro.statusCode(), miembro.body());
        assertEquals(1, json(miembro.body()).get("particion").asInt());
        assertEquals("Paz", json(Registros.de(app.brokers(), "NuevoMiembro", 1, r -> rut.equals(r.key())).get(0)
                .value()).get("apellido").asText());
    }

    @Test
    void laMismaValidacionQueLaApi() throws Exception {
        HttpResponse<String> r = app.postForm("/NuevaVenta",
                "carrito=OLD-X&cliente=Ana&cantidad=0&stock=10&Latitud=-33.4&Longitud=-70.6");
        assertEquals(400, r.statusCode());
        assertEquals("cantidad", json(r.body()).get("campo").asText());
        assertEquals(400, app.postForm("/NuevoMiembro", "name=&lastname=Paz&rut=12345678-5&email=j%40x.cl"
                + "&patente=AB1234").statusCode());
        assertEquals(400, app.postForm("/Aviso", "LatitudAviso=100&LongitudAviso=-70").statusCode());
        // the old name and the new one together: neither silently wins
        HttpResponse<String> dobleJson = app.postJson("/NuevaVenta", "{\"carrito\":\"OLD-Y\",\"cliente\":\"Ana\","
                + "\"cantidad\":3,\"stock\":15,\"Latitud\":-33.45,\"latitud\":10,\"longitud\":-70.66}");
        assertEquals(400, dobleJson.statusCode(), dobleJson.body());
        assertEquals("latitud", json(dobleJson.body()).get("campo").asText());
        HttpResponse<String> doble = app.postForm("/NuevaVenta",
                "carrito=OLD-Y&cliente=Ana&cantidad=3&stock=15&latitud=10&Latitud=-33.4&Longitud=-70.6");
        assertEquals(400, doble.statusCode(), doble.body());
        assertEquals("latitud", json(doble.body()).get("campo").asText());
    }

    @Test
    void ventasRespondeLasEstadisticasDeHoyEnHtml() throws Exception {
        String carrito = "HTM-" + UUID.randomUUID().toString().substring(0, 4);
        app.postForm("/NuevaVenta", "carrito=" + carrito + "&cliente=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                + "&cantidad=3&stock=50&Latitud=-33.4&Longitud=-70.6");
        app.postForm("/NuevaVenta", "carrito=" + carrito + "&cliente=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                + "&cantidad=1&stock=50&Latitud=-33.4&Longitud=-70.6");
        Registros.esperarConsumo(app.brokers());

        HttpResponse<String> r = app.post("/Ventas", "application/x-www-form-urlencoded", "");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("<tr><td>" + carrito + "</td><td>2</td><td>4</td><td>1</td><td>4.0</td><td>2.0</td>"),
                r.body());
        assertTrue(r.body().contains("&lt;script&gt;"), "a client's name is escaped, never markup");
        assertTrue(!r.body().contains("<script>"), r.body());
    }

    @Test
    void paginasConCabecerasDeSeguridadYNadaFueraDeWeb() throws Exception {
        HttpResponse<String> inicio = app.get("/");
        assertEquals(200, inicio.statusCode());
        assertTrue(inicio.body().contains("name=\"carrito\""));
        assertTrue(inicio.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals("nosniff", inicio.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("DENY", inicio.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals(200, app.get("/panel").statusCode());
        assertEquals(401, app.get("/directiva").statusCode());
        for (String intento : List.of("/web/..%2Fconfig%2Fapplication.properties", "/web/%2e%2e%2fpom.xml",
                "/config/application.properties", "/data/admin.clave", "/web/admin.clave", "/web/Paginas.class")) {
            assertEquals(404, app.get(intento).statusCode(), intento);
        }
    }
}
