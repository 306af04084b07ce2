package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import cl.gremio.dominio.Venta;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three write endpoints against the real routes and broker: what lands where. */
class IngestaIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    private static String carritoNuevo() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<ConsumerRecord<String, String>> registros(String topic, int partition, String key) {
        return Registros.de(app.brokers(), topic, partition, r -> key.equals(r.key()));
    }

    private static JsonNode unico(String topic, int partition, String key) {
        List<ConsumerRecord<String, String>> rs = registros(topic, partition, key);
        assertEquals(1, rs.size(), "records with key " + key + " in " + topic + "/" + partition);
        return json(rs.get(0).value());
    }

    /** Each request waits for Kafka on a Vert.x worker thread: gremio.http.hilos (64) of them, not Vert.x's 20. */
    @Test
    void peticionesEnVueloSegunGremioHttpHilos() {
        VertxOptions opciones = app.main().getCamelContext().getRegistry().findSingleByType(VertxOptions.class);
        assertEquals(64, opciones.getWorkerPoolSize());
    }

    @Test
    void ventaConStockBajoProduceCuatroRegistrosYPideReposicion() throws Exception {
        String carrito = carritoNuevo();
        String hora = Dias.a(Dias.hace(1), LocalTime.of(10, 15)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        HttpResponse<String> r = app.postJson("/api/ventas", """
                {"carrito":"%s","cliente":"  Ana María ","cantidad":3,"stock":15,
                 "latitud":-33.45,"longitud":-70.66,"hora":"%s","id":"venta-1-%s"}
                """.formatted(carrito, hora, carrito));

        assertEquals(202, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode respuesta = json(r.body());
        assertEquals("venta-1-" + carrito, respuesta.get("id").asText());
        assertTrue(respuesta.get("reposicion").asBoolean());

        JsonNode venta = unico("NuevaVenta", 0, carrito);
        assertEquals("venta-1-" + carrito, venta.get("id").asText());
        assertEquals(3, venta.get("cantidad").asInt());
        assertEquals(hora, venta.get("hora").asText());

        JsonNode cliente = unico("NuevaVenta", 1, carrito);
        assertEquals("Ana María", cliente.get("cliente").asText(), "client name is trimmed");
        assertEquals(3, cliente.get("cantidad").asInt());
        assertEquals("venta-1-" + carrito, cliente.get("id").asText());

        JsonNode posicion = unico("Ubicacion", 0, carrito);
        assertEquals(-33.45, posicion.get("latitud").asDouble());
        assertEquals(-70.66, posicion.get("longitud").asDouble());
        assertEquals(OffsetDateTime.parse(hora).toEpochSecond(),
                posicion.get("segundos").asLong());

        JsonNode stock = unico("Stock", 1, carrito);
        assertEquals(15, stock.get("stock").asInt());
        assertTrue(registros("Stock", 0, carrito).isEmpty(), "a replenishment request is not a plain report");

        // the four carry one digest of the sale's content, so each consumer can tell its sale from another with the same id
        assertEquals(Venta.huella("venta-1-" + carrito, carrito, 3, OffsetDateTime.parse(hora), "Ana María", 15, -33.45,
                -70.66), venta.get("huella").asText());
        for (JsonNode parte : List.of(cliente, posicion, stock)) {
            assertEquals(venta.get("huella"), parte.get("huella"), parte.toString());
        }
    }

    @Test
    void ventaDeFormularioConStockSuficienteVaAlReporteDeStock() throws Exception {
        String carrito = carritoNuevo();
        HttpResponse<String> r = app.postForm("/api/ventas",
                "carrito=" + carrito + "&cliente=Beto&cantidad=5&stock=20&latitud=-33.4&longitud=-70.6&hora=10:15");

        assertEquals(202, r.statusCode(), r.body());
        assertFalse(json(r.body()).get("reposicion").asBoolean());
        JsonNode stock = unico("Stock", 0, carrito);
        assertEquals(20, stock.get("stock").asInt(), "20 is not below the threshold");
        assertTrue(registros("Stock", 1, carrito).isEmpty());
        assertTrue(stock.get("hora").asText().contains("T10:15:00"), "bare HH:MM is today at that time");
        assertEquals(json(r.body()).get("id").asText(), unico("NuevaVenta", 0, carrito).get("id").asText(),
                "a generated id is answered and carried by the records");
    }

    @Test
    void ningunaCabeceraHttpViajaAKafka() throws Exception {
        String carrito = carritoNuevo();
        app.postForm("/api/ventas",
                "carrito=" + carrito + "&cliente=Beto&cantidad=5&stock=40&latitud=1&longitud=2");
        ConsumerRecord<String, String> r = registros("NuevaVenta", 0, carrito).get(0);
        assertEquals(0, r.headers().toArray().length, "record headers: " + List.of(r.headers().toArray()));
    }

    @Test
    void miembroPremiumVaALaParticionUnoConRutYPatenteNormalizados() throws Exception {
        HttpResponse<String> r = app.postJson("/api/miembros", """
                {"nombre":"Juan","apellido":"Pérez","rut":"7.654.321-6","email":"juan@sopaipillas.cl",
                 "patente":"bbbb12","premium":"sí"}""");

        assertEquals(202, r.statusCode(), r.body());
        JsonNode respuesta = json(r.body());
        assertEquals("7654321-6", respuesta.get("rut").asText());
        assertTrue(respuesta.get("premium").asBoolean());
        assertEquals(1, respuesta.get("particion").asInt());
        JsonNode solicitud = json(registros("NuevoMiembro", 1, "7654321-6").get(0).value());
        assertEquals("BBBB12", solicitud.get("patente").asText());
        assertEquals("Pérez", solicitud.get("apellido").asText());
    }

    @Test
    void miembroNormalDeFormularioVaALaParticionCero() throws Exception {
        HttpResponse<String> r = app.postForm("/api/miembros",
                "nombre=Rosa&apellido=Soto&rut=11111111-1&email=rosa%40x.cl&patente=AB1234&premium=no");

        assertEquals(202, r.statusCode(), r.body());
        assertEquals(0, json(r.body()).get("particion").asInt());
        assertFalse(registros("NuevoMiembro", 0, "11111111-1").isEmpty());
        assertTrue(registros("NuevoMiembro", 1, "11111111-1").isEmpty());
    }

    @Test
    void avisoDeCarritoProfugoVaAUbicacionUno() throws Exception {
        String carrito = carritoNuevo();
        HttpResponse<String> r = app.postJson("/api/avisos",
                "{\"carrito\":\"" + carrito + "\",\"latitud\":-33.1,\"longitud\":-70.2}");

        assertEquals(202, r.statusCode(), r.body());
        JsonNode aviso = unico("Ubicacion", 1, carrito);
        assertEquals(json(r.body()).get("id").asText(), aviso.get("id").asText());
        assertEquals(-33.1, aviso.get("latitud").asDouble());
        assertTrue(registros("Ubicacion", 0, carrito).isEmpty(), "a report is not a live position");
    }

    @Test
    void avisoSinCarritoSeAceptaConSuId() throws Exception {
        HttpResponse<String> r = app.postForm("/api/avisos", "latitud=-33.2&longitud=-70.3&id=aviso-anonimo-1");

        assertEquals(202, r.statusCode(), r.body());
        JsonNode aviso = unico("Ubicacion", 1, "aviso-anonimo-1");
        assertTrue(aviso.get("carrito").isNull());
    }
}
