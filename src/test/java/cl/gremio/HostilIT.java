package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated hostile bodies against every write endpoint: random bytes, wrong types, huge
 * numbers, NaN, nested objects, arrays, odd unicode, injection attempts, very long strings,
 * repeated keys. Always a 4xx with a message, never a 5xx, never a record. Seeded: a failure
 * names the body, and the same run can be repeated.
 */
class HostilIT {

    static final long SEMILLA = 20261126L;
    static final int POR_ENDPOINT = 120;

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    /** JSON values that no field accepts: wrong types, documents where a value belongs, numbers beyond any range. */
    static final List<String> MALOS_SIEMPRE = List.of("[]", "[1,2]", "{}", "{\"$ne\":null}",
            "{\"a\":{\"b\":{\"c\":[1,{\"d\":2}]}}}", "1e309", "-1e309", "99999999999999999999999999999");
    /** Text that breaks a patterned field (carrito, RUT, e-mail, plate): injection, markup, odd unicode, length. */
    static final List<String> MALOS_TEXTO = List.of("' OR '1'='1", "'; DROP TABLE venta; --",
            "<script>alert(1)</script>", "\u202Egnp.exe", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd",
            "\u0000", "a\u0007b", "", "   ", "x".repeat(5000), "\uD83E\uDD5F\uD83E\uDD5F");
    static final List<String> MALOS_ENTERO = List.of("-1", "2.5", "1e3", "NaN", "Infinity", "0x1F", "tres", "",
            "' OR 1=1", "12abc");
    static final List<String> MALOS_DECIMAL = List.of("1000", "-1000", "NaN", "Infinity", "-Infinity", "0x1F",
            "1e999", "", "' OR 1=1", "1,5");
    static final List<String> MALOS_SINO = List.of("quizas", "2", "-1", "NaN", "' OR 1=1", "yes please");

    /** Bad values for a field, as form text (JSON adds the documents and numbers-as-types above). */
    static List<String> malos(String campo) {
        return switch (campo) {
            case "cantidad", "stock" -> MALOS_ENTERO;
            case "latitud", "longitud", "LatitudAviso", "LongitudAviso" -> MALOS_DECIMAL;
            case "premium" -> MALOS_SINO;
            default -> MALOS_TEXTO;
        };
    }

    static String comoJson(String campo, String texto) {
        boolean numerico = !malos(campo).equals(MALOS_TEXTO) && texto.matches("-?[0-9.e]+");
        return numerico ? texto : "\"" + texto.replace("\\u", "\u0001").replace("\"", "\\\"")
                .replace("\u0001", "\\u") + "\"";
    }

    record Endpoint(String ruta, String tipo, Map<String, String> valido, List<String> campos) {
    }

    static final Map<String, String> VENTA = orden("carrito", "\"AB-1\"", "cliente", "\"Ana\"", "cantidad", "3",
            "stock", "15", "latitud", "-33.4", "longitud", "-70.6");
    static final Map<String, String> MIEMBRO = orden("nombre", "\"Juan\"", "apellido", "\"Paz\"", "rut",
            "\"12.345.678-5\"", "email", "\"j@x.cl\"", "patente", "\"BBBB12\"", "premium", "true");
    static final Map<String, String> AVISO = orden("latitud", "-33.4", "longitud", "-70.6", "carrito", "\"AB-1\"");

    static Map<String, String> orden(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/api/ventas", "json", VENTA, List.of("carrito", "cantidad", "stock", "latitud", "longitud")),
            new Endpoint("/api/ventas", "form", VENTA, List.of("carrito", "cantidad", "stock", "latitud", "longitud")),
            new Endpoint("/api/miembros", "json", MIEMBRO, List.of("rut", "email", "patente", "premium")),
            new Endpoint("/api/miembros", "form", MIEMBRO, List.of("rut", "email", "patente", "premium")),
            new Endpoint("/api/avisos", "json", AVISO, List.of("latitud", "longitud", "carrito")),
            new Endpoint("/NuevaVenta", "form", VENTA, List.of("carrito", "cantidad", "stock")),
            new Endpoint("/NuevoMiembro", "form", MIEMBRO, List.of("rut", "email", "patente")),
            new Endpoint("/Aviso", "form", orden("LatitudAviso", "-33.4", "LongitudAviso", "-70.6"),
                    List.of("LatitudAviso", "LongitudAviso")));

    static Stream<Arguments> endpoints() {
        return ENDPOINTS.stream().map(e -> Arguments.of(e.ruta() + " " + e.tipo(), e));
    }

    /** One hostile body: a wrong value for one field, a required field missing, or a broken document. */
    static String cuerpo(Endpoint e, Random r) {
        int tipo = r.nextInt(10);
        String campo = e.campos().get(r.nextInt(e.campos().size()));
        boolean opcional = campo.equals("premium") || (campo.equals("carrito") && e.ruta().contains("avisos"));
        if (e.tipo().equals("json")) {
            Map<String, String> m = new LinkedHashMap<>(e.valido());
            switch (tipo) {
                case 0: {
                    byte[] basura = new byte[r.nextInt(2000)];
                    r.nextBytes(basura);
                    return new String(basura, StandardCharsets.ISO_8859_1);
                }
                case 1:
                    return List.of("[]", "\"texto\"", "42", "null", "true", "[" + aJson(m) + "]").get(r.nextInt(6));
                case 2:
                    return "[".repeat(600 + r.nextInt(400)) + "]".repeat(600);
                case 3:
                    return aJson(m).replace("}", ", \"" + campo + "\": " + m.get(campo) + "}"); // repeated key
                case 4:
                    m.put(campo, MALOS_SIEMPRE.get(r.nextInt(MALOS_SIEMPRE.size())));
                    return aJson(m);
                case 5:
                    if (!opcional) {
                        m.remove(campo);
                        return aJson(m);
                    }
                    // fall through: an optional field may be absent
                default:
                    m.put(campo, comoJson(campo, malos(campo).get(r.nextInt(malos(campo).size()))));
                    return aJson(m);
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        e.valido().forEach((k, v) -> m.put(k, v.replace("\"", "")));
        String malo = malos(campo).get(r.nextInt(malos(campo).size())).replace("\\u0000", "\u0000")
                .replace("\\u0007", "\u0007").replace("\\u202E", "\u202E");
        if (tipo == 0 && !opcional) {
            m.remove(campo);
        } else if (tipo != 1) {
            m.put(campo, malo);
        }
        StringBuilder form = new StringBuilder();
        m.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        if (tipo == 1) {
            form.append('&').append(campo).append('=').append(URLEncoder.encode(m.get(campo), StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    static String aJson(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return sb.append('}').toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void siempreUn4xxConMensajeNuncaUn5xxNiUnRegistro(String nombre, Endpoint e) throws Exception {
        Random r = new Random(SEMILLA + nombre.hashCode());
        Map<TopicPartition, Long> antes = Registros.finales(app.brokers(), ValidacionIT.TOPICOS);
        List<String> fallas = new ArrayList<>();
        for (int i = 0; i < POR_ENDPOINT; i++) {
            String cuerpo = cuerpo(e, r);
            String tipo = e.tipo().equals("json") ? "application/json" : "application/x-www-form-urlencoded";
            HttpResponse<String> respuesta = app.send(app.request(e.ruta()).header("Content-Type", tipo)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(cuerpo.getBytes(StandardCharsets.ISO_8859_1))));
            int estado = respuesta.statusCode();
            boolean claro = estado >= 400 && estado < 500 && (estado == 413 || tieneMensaje(respuesta.body()));
            if (!claro) {
                fallas.add(estado + " for " + abreviar(cuerpo) + " -> " + abreviar(respuesta.body()));
            }
        }
        assertTrue(fallas.isEmpty(), fallas.size() + " bodies not refused clearly:\n" + String.join("\n", fallas));
        assertEquals(antes, Registros.finales(app.brokers(), ValidacionIT.TOPICOS), "no record was produced");
    }

    static boolean tieneMensaje(String cuerpo) {
        try {
            JsonNode n = json(cuerpo);
            return n.hasNonNull("error") && !n.get("error").asText().isBlank();
        } catch (AssertionError e) {
            return false;
        }
    }

    static String abreviar(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + ")" : s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textosValidosPeroRaros")
    void textoLibreRaroSeGuardaTalCualSinEjecutarse(String cliente) throws Exception {
        String carrito = "RAR-" + Integer.toHexString(cliente.hashCode() & 0xffff).toUpperCase();
        String cuerpo = "{\"carrito\":\"" + carrito + "\",\"cliente\":" + Registros.JSON.writeValueAsString(cliente)
                + ",\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1,\"hora\":\"" + Dias.hace(2) + "T12:00:00\"}";
        assertEquals(202, app.postJson("/api/ventas", cuerpo).statusCode());
        assertEquals(202, app.postJson("/api/ventas", cuerpo).statusCode()); // a second sale (new id)
        Registros.esperarConsumo(app.brokers());
        assertEquals(200, app.post("/api/estadisticas/" + Dias.hace(2), null, "").statusCode());
        JsonNode frecuente = null;
        for (JsonNode dia : app.paginas("/api/estadisticas/" + Dias.hace(2) + "?limite=500")) {
            for (JsonNode c : dia.get("carritos")) {
                if (c.get("carrito").asText().equals(carrito)) {
                    frecuente = c.get("clientesFrecuentes").get(0);
                }
            }
        }
        assertEquals(cliente.strip().toLowerCase(java.util.Locale.ROOT), frecuente.get("cliente").asText());
        assertFalse(app.get("/api/avisos").statusCode() >= 500, "the store still answers");
    }

    static Stream<String> textosValidosPeroRaros() {
        return Stream.of("Robert'); DROP TABLE venta;--", "' OR '1'='1", "<script>alert('x')</script>",
                "${jndi:ldap://127.0.0.1/a}", "Ñandú Ñuñoa", "\u202Eevil", "\uD83E\uDD5F sopaipilla");
    }
}
