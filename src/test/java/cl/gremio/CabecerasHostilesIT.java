package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every route, asked with hostile query strings and headers: no request header or query
 * parameter reaches a response header, and nothing answers 5xx. Hostile path parameters get a
 * 4xx. The board's state-changing actions refuse a request a browser sent from another site.
 */
class CabecerasHostilesIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    /** Query parameters named like response headers, with values a page elsewhere would like to see echoed. */
    static final String CONSULTA = "?Refresh=0%3Burl%3Dhttps://evil.example&Set-Cookie=x%3D1"
            + "&Access-Control-Allow-Origin=*&Location=https://evil.example&Content-Type=text/html"
            + "&Retry-After=999&WWW-Authenticate=evil&X-Evil=evil&Content-Security-Policy=evil"
            + "&CamelHttpResponseCode=500&Cache-Control=evil";
    /** The same as request headers (those HttpClient lets a caller set). */
    static final Map<String, String> CABECERAS = Map.of("X-Evil", "evil", "Access-Control-Allow-Origin", "*",
            "Set-Cookie", "x=1", "Refresh", "0;url=https://evil.example", "Retry-After", "999",
            "CamelHttpResponseCode", "500", "Location", "https://evil.example", "Cache-Control", "evil");
    /** What no response may carry, whatever the route. */
    static final Set<String> NUNCA = Set.of("refresh", "set-cookie", "access-control-allow-origin", "location", "x-evil");

    static Stream<Arguments> rutas() {
        String venta = "{\"carrito\":\"HDR-1\",\"cliente\":\"ana\",\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}";
        return Stream.of(
                Arguments.of("GET", "/", null), Arguments.of("GET", "/panel", null),
                Arguments.of("GET", "/directiva", null), Arguments.of("GET", "/web/app.js", null),
                Arguments.of("GET", "/web/nada.js", null), Arguments.of("GET", "/api/ubicaciones", null),
                Arguments.of("GET", "/api/avisos", null), Arguments.of("GET", "/api/reposiciones", null),
                Arguments.of("GET", "/api/miembros", null), Arguments.of("GET", "/api/estadisticas/2000-01-01", null),
                Arguments.of("POST", "/api/estadisticas/" + Dias.hace(0), ""),
                Arguments.of("POST", "/api/ventas", venta), Arguments.of("POST", "/api/ventas", "{malo"),
                Arguments.of("POST", "/api/avisos", "{\"latitud\":1,\"longitud\":2}"),
                Arguments.of("POST", "/api/miembros", "{}"), Arguments.of("PATCH", "/api/miembros/12345678-5", "{}"),
                Arguments.of("POST", "/api/miembros/publicacion", ""), Arguments.of("POST", "/NuevaVenta", venta),
                Arguments.of("POST", "/NuevoMiembro", "{}"), Arguments.of("POST", "/Aviso", "{}"),
                Arguments.of("POST", "/Ventas", ""), Arguments.of("GET", "/no-existe", null),
                Arguments.of("DELETE", "/api/ventas", ""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rutas")
    void ningunValorDeLaPeticionLlegaALaRespuesta(String metodo, String ruta, String cuerpo) throws Exception {
        for (boolean conCredenciales : List.of(false, true)) {
            HttpRequest.Builder b = app.request(ruta + CONSULTA).header("Content-Type", "application/json")
                    .method(metodo, cuerpo == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(cuerpo));
            CABECERAS.forEach(b::header);
            if (conCredenciales) {
                b.header("Authorization", app.credenciales());
            }
            HttpResponse<String> r = app.send(b);
            assertTrue(r.statusCode() < 500, r.statusCode() + " " + r.body());
            r.headers().map().forEach((nombre, valores) -> {
                assertFalse(NUNCA.contains(nombre.toLowerCase(Locale.ROOT)), nombre + ": " + valores);
                for (String v : valores) {
                    assertFalse(v.contains("evil") || v.contains("999") || v.equals("*") || v.equals("x=1"),
                            "echoed: " + nombre + ": " + v);
                }
            });
            String tipo = r.headers().firstValue("Content-Type").orElse("");
            // HTML only for the pages, and the HTTP server's own fixed 404/405 page
            boolean pagina = List.of("/", "/panel", "/directiva", "/Ventas").contains(ruta) && r.statusCode() == 200
                    || (r.statusCode() == 404 || r.statusCode() == 405) && !r.body().contains("evil");
            assertTrue(pagina || !tipo.startsWith("text/html"), "Content-Type " + tipo + " for " + ruta);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31", "-999999999-01-01", "1999-12-31", "2026-02-30", "2026-13-01",
        "20261127", "%00", "..%2F..%2Fetc%2Fpasswd", "9999-12-31", "2026-1-1", "%E2%80%AE2026-01-01",
        "0000-00-00", "2026-11-27T00:00"})
    void fechaHostilEnLaRutaEs400(String fecha) throws Exception {
        for (String metodo : List.of("GET", "POST")) {
            HttpResponse<String> r = app.send(app.request("/api/estadisticas/" + fecha)
                    .method(metodo, HttpRequest.BodyPublishers.noBody()));
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, metodo + " " + fecha + " -> " + r.statusCode()
                    + " " + r.body());
        }
        HttpResponse<String> manana = app.send(app.request("/api/estadisticas/" + Dias.hace(-2))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, manana.statusCode(), "the day after tomorrow is not a day with sales yet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%00", "..%2F..", "12.345.678-4", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "%E2%80%AE", "%27%3BDROP%20TABLE%20miembro%3B--"})
    void rutHostilEnLaRutaEsUn4xx(String rut) throws Exception {
        HttpResponse<String> r = app.send(app.request("/api/miembros/" + rut).header("Authorization",
                app.credenciales()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"estado\":\"rechazado\"}")));
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " " + r.body());
    }

    /** Forms the HTTP server cannot decode get the same JSON 400 as any refusal, not its plain-text page. */
    @ParameterizedTest
    @ValueSource(strings = {"carrito=AB-12&cliente=An%&cantidad=3", "carrito=AB-12&cliente=An%e&cantidad=3",
        "carrito=AB-12&=&cantidad=3", "carrito=AB-12&cliente=%zz"})
    void formularioIlegibleEs400Json(String cuerpo) throws Exception {
        HttpResponse<String> r = app.postForm("/api/ventas", cuerpo);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(Registros.json(r.body()).hasNonNull("error"), r.body());
        HttpResponse<String> largo = app.postForm("/api/ventas", "carrito=AB-12&cliente=" + "a".repeat(9000));
        assertEquals(400, largo.statusCode(), largo.body());
        assertTrue(Registros.json(largo.body()).hasNonNull("error"), largo.body());
    }

    /** A page on another site cannot make a board member's browser publish or reject. */
    @Test
    void accionesDeLaDirectivaSoloDesdeSuSitio() throws Exception {
        String propio = "http://127.0.0.1:" + app.httpPort;
        for (Map<String, String> ajeno : List.of(Map.of("Origin", "https://evil.example"),
                Map.of("Sec-Fetch-Site", "cross-site", "Origin", propio), Map.of("Origin", "null"))) {
            HttpRequest.Builder publicar = app.request("/api/miembros/publicacion").header("Authorization",
                    app.credenciales()).POST(HttpRequest.BodyPublishers.noBody());
            ajeno.forEach(publicar::header);
            assertEquals(403, app.send(publicar).statusCode(), "publication from " + ajeno);
            HttpRequest.Builder rechazar = app.request("/api/miembros/12345678-5").header("Authorization",
                    app.credenciales()).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"estado\":\"rechazado\"}"));
            ajeno.forEach(rechazar::header);
            assertEquals(403, app.send(rechazar).statusCode(), "rejection from " + ajeno);
        }
        assertEquals(200, app.send(app.request("/api/miembros/publicacion").header("Authorization",
                app.credenciales()).header("Origin", propio).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "from the board's own page");
        assertEquals(200, app.send(app.request("/api/miembros").header("Authorization", app.credenciales())
                .header("Origin", "https://evil.example").GET()).statusCode(), "reading changes nothing");
    }
}
