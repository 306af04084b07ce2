package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input gets a clear 4xx naming the field, and produces no record at all. */
class ValidacionIT {

    static final List<String> TOPICOS = List.of("NuevoMiembro", "NuevaVenta", "Ubicacion", "Stock");
    static final String VENTA = "\"carrito\":\"AB-1\",\"cliente\":\"Ana\",\"cantidad\":3,\"stock\":15,"
            + "\"latitud\":-33.4,\"longitud\":-70.6";
    static final String MIEMBRO = "\"nombre\":\"Juan\",\"apellido\":\"Pérez\",\"rut\":\"12.345.678-5\","
            + "\"email\":\"j@x.cl\",\"patente\":\"BBBB12\"";

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    /** {@code _} in a body stands for the valid rest of that endpoint's fields. */
    @ParameterizedTest(name = "{0} {2} -> {3} {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /api/ventas   | application/json | {"cliente":"Ana","cantidad":3,"stock":15,"latitud":1,"longitud":1} | 400 | carrito
            /api/ventas   | application/json | {_, "carrito":"AB 1"}                   | 400 | carrito
            /api/ventas   | application/json | {_, "carrito":"ABCDEFGHIJKLMNOPQ"}      | 400 | carrito
            /api/ventas   | application/json | {_, "carrito":12}                       | 400 | carrito
            /api/ventas   | application/json | {_, "cliente":"   "}                    | 400 | cliente
            /api/ventas   | application/json | {_, "cliente":{"a":1}}                  | 400 | cliente
            /api/ventas   | application/json | {_, "cliente":"Ana\\u0000"}             | 400 | cliente
            /api/ventas   | application/json | {_, "cantidad":0}                       | 400 | cantidad
            /api/ventas   | application/json | {_, "cantidad":1001}                    | 400 | cantidad
            /api/ventas   | application/json | {_, "cantidad":2.5}                     | 400 | cantidad
            /api/ventas   | application/json | {_, "cantidad":"tres"}                  | 400 | cantidad
            /api/ventas   | application/json | {_, "cantidad":true}                    | 400 | cantidad
            /api/ventas   | application/json | {_, "cantidad":[3]}                     | 400 | cantidad
            /api/ventas   | application/json | {_, "cantidad":99999999999999999999}    | 400 | cantidad
            /api/ventas   | application/json | {_, "stock":-1}                         | 400 | stock
            /api/ventas   | application/json | {_, "latitud":90.5}                     | 400 | latitud
            /api/ventas   | application/json | {_, "latitud":"NaN"}                    | 400 | latitud
            /api/ventas   | application/json | {_, "longitud":-180.01}                 | 400 | longitud
            /api/ventas   | application/json | {_, "longitud":"1e999"}                 | 400 | longitud
            /api/ventas   | application/json | {_, "hora":"ayer"}                      | 400 | hora
            /api/ventas   | application/json | {_, "hora":"25:00"}                     | 400 | hora
            /api/ventas   | application/json | {_, "id":"con espacio"}                 | 400 | id
            /api/ventas   | application/json | {_, "id":"x12345678901234567890123456789012345678901234567890123456789012345"} | 400 | id
            /api/ventas   | application/x-www-form-urlencoded | carrito=AB-1&cliente=Ana&cantidad=3&stock=quince&latitud=1&longitud=1 | 400 | stock
            /api/ventas   | application/x-www-form-urlencoded | carrito=AB-1&cliente=Ana&cantidad=3&stock=1&latitud=1&longitud=1&cantidad=4 | 400 | cantidad
            /api/ventas   | application/x-www-form-urlencoded | carrito=AB-1&cliente=Ana&cantidad=3&stock=1&latitud=0x1p3&longitud=1 | 400 | latitud
            /api/ventas   | application/json | {"carrito":"AB-1",                      | 400 |
            /api/ventas   | application/json | [1,2,3]                                 | 400 |
            /api/ventas   | application/json | {_} {_}                                 | 400 |
            /api/ventas   | application/json | {_, "cantidad":3}                       | 400 | cantidad
            /api/ventas   | text/plain       | {_}                                     | 415 |
            /api/ventas   | multipart/form-data; boundary=x | --x--                    | 415 |
            /api/miembros | application/json | {_, "rut":"12.345.678-4"}               | 400 | rut
            /api/miembros | application/json | {_, "rut":"abc"}                        | 400 | rut
            /api/miembros | application/json | {"nombre":"Juan","apellido":"Pérez","email":"j@x.cl","patente":"BBBB12"} | 400 | rut
            /api/miembros | application/json | {_, "email":"sin-arroba.cl"}            | 400 | email
            /api/miembros | application/json | {_, "patente":"ABC123"}                 | 400 | patente
            /api/miembros | application/json | {_, "nombre":""}                        | 400 | nombre
            /api/miembros | application/json | {_, "apellido":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"} | 400 | apellido
            /api/miembros | application/json | {_, "premium":"quizas"}                 | 400 | premium
            /api/avisos   | application/json | {"longitud":-70}                        | 400 | latitud
            /api/avisos   | application/json | {"latitud":-33,"longitud":200}          | 400 | longitud
            /api/avisos   | application/json | {"latitud":-33,"longitud":-70,"carrito":"no valido!"} | 400 | carrito
            /api/avisos   | application/x-www-form-urlencoded | latitud=&longitud=-70  | 400 | latitud
            /api/ventas   | application/x-www-form-urlencoded | carrito=AB-1&cliente=Jos%E9&cantidad=3&stock=15&latitud=1&longitud=1 | 400 | cliente
            /api/ventas   | application/x-www-form-urlencoded; charset=ISO-8859-1 | carrito=AB-1&cliente=Jos%E9&cantidad=3&stock=15&latitud=1&longitud=1 | 415 |
            /api/ventas   | application/x-www-form-urlencoded; charset="windows-1252" | carrito=AB-1&cliente=Ana&cantidad=3&stock=15&latitud=1&longitud=1 | 415 |
            /api/ventas   | application/x-www-form-urlencoded; a="b;charset=utf-8"; charset=iso-8859-1 | carrito=AB-1&cliente=Ana&cantidad=3&stock=15&latitud=1&longitud=1 | 415 |
            /api/ventas   | application/json; charset=iso-8859-1 | {_}                         | 415 |
            /api/avisos   | application/json; charset=nada-de-esto | {"latitud":1,"longitud":2} | 415 |
            /api/avisos   | application/x-www-form-urlencoded | latitud=1&longitud=2&carrito=A%FFB | 400 | carrito
            /api/ventas   | application/x-www-form-urlencoded | carrito=AB-1&cliente=Ana&cantidad=3&stock=15&latitud=1&longitud=1%E | 400 |
            /api/avisos   | application/x-www-form-urlencoded | latitud=1&longitud=2% | 400 |
            """)
    void entradaInvalidaNoLlegaAKafka(String ruta, String tipo, String cuerpo, int estado, String campo)
            throws Exception {
        String base = ruta.equals("/api/miembros") ? MIEMBRO : ruta.equals("/api/ventas") ? VENTA : "";
        String body = cuerpo.replace("{_", "{" + base);
        Map<TopicPartition, Long> antes = Registros.finales(app.brokers(), TOPICOS);

        HttpResponse<String> r = app.post(ruta, tipo, body);

        assertEquals(estado, r.statusCode(), r.body());
        JsonNode error = json(r.body());
        assertFalse(error.get("error").asText().isBlank(), "a message a person can read");
        assertEquals(campo, error.get("campo").isNull() ? null : error.get("campo").asText(), "campo");
        assertEquals(antes, Registros.finales(app.brokers(), TOPICOS), "no record was produced");
    }

    /**
     * JSON bodies that are not well-formed UTF-8, which Jackson alone would read: UTF-16 and UTF-32
     * (it guesses from the NULs), an overlong hyphen (C0 AD: "AB-12" through the cart check), an
     * encoded surrogate pair (CESU-8), a code point above U+10FFFF, a NUL byte.
     */
    @ParameterizedTest
    @CsvSource({"UTF-16LE, , ", "UTF-32BE, , ", ", C0AD, ", ", EDA0BDEDB880, ", ", F4908080, ", ", 00, "})
    void jsonQueNoEsUtf8EsUn400(String codificacion, String bytesEnCarrito, String nada) throws Exception {
        Map<TopicPartition, Long> antes = Registros.finales(app.brokers(), TOPICOS);
        byte[] cuerpo;
        if (codificacion != null) {
            cuerpo = ("{" + VENTA + "}").getBytes(java.nio.charset.Charset.forName(codificacion));
        } else {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.writeBytes(("{" + VENTA.replaceFirst("\"carrito\":\"[^\"]*\"", "\"carrito\":\"AB")).getBytes(StandardCharsets.UTF_8));
            b.writeBytes(java.util.HexFormat.of().parseHex(bytesEnCarrito));
            b.writeBytes("12\"}".getBytes(StandardCharsets.UTF_8));
            cuerpo = b.toByteArray();
        }
        HttpResponse<String> r = app.send(app.request("/api/ventas").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(cuerpo)));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r.body()).get("error").asText().contains("UTF-8"), r.body());
        assertEquals(antes, Registros.finales(app.brokers(), TOPICOS), "no record was produced");
    }

    /** The refusals above of a form that is not UTF-8 leave a UTF-8 form, said or not, alone. */
    @ParameterizedTest
    @CsvSource({"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
        "application/x-www-form-urlencoded;charset=\"utf-8\"", "application/x-www-form-urlencoded; charset=utf8",
        "application/x-www-form-urlencoded; foo=\"; charset=latin1\""})
    void unFormularioEnUtf8SeAcepta(String tipo) throws Exception {
        HttpResponse<String> r = app.post("/api/ventas", tipo,
                "carrito=AB-1&cliente=Jos%C3%A9&cantidad=3&stock=15&latitud=1&longitud=1");
        assertEquals(202, r.statusCode(), r.body());
    }

    @ParameterizedTest(name = "body of {0} bytes -> 413")
    @CsvSource({"16385", "100000"})
    void cuerpoDemasiadoGrandeEs413(int bytes) throws Exception {
        Map<TopicPartition, Long> antes = Registros.finales(app.brokers(), TOPICOS);
        String relleno = "x".repeat(bytes);
        HttpResponse<String> r = app.postJson("/api/ventas", "{" + VENTA + ",\"relleno\":\"" + relleno + "\"}");
        assertEquals(413, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(json(r.body()).get("error").asText().contains("16384"), "says what the limit is: " + r.body());
        assertEquals(antes, Registros.finales(app.brokers(), TOPICOS), "no record was produced");
    }
}
