package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract itself: the application serves it, it names every endpoint the routes serve (and
 * nothing they do not), and the checks that every other test runs through {@link Contrato} do bite.
 */
class ContratoIT {

    static AppEnMarcha app;
    static OpenAPI documento;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
        HttpResponse<String> r = app.get("/api/openapi.yaml");
        assertEquals(200, r.statusCode());
        assertEquals("application/yaml; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        // read where it is served: its $refs to the schemas resolve against /api/esquemas/
        var leido = new OpenAPIParser().readLocation("http://127.0.0.1:" + app.httpPort + "/api/openapi.yaml", null, null);
        assertEquals(List.of(), leido.getMessages(), "the served document parses without complaint");
        documento = leido.getOpenAPI();
    }

    /** Every platform-http endpoint of routes/*.camel.yaml is in the document, with its method, and vice versa. */
    @Test
    void elDocumentoNombraCadaEndpointDeLasRutas() throws Exception {
        Pattern endpoint = Pattern.compile("uri: platform-http:(\\S+)\\s+parameters:\\s+httpMethodRestrict: ([\\w,]+)");
        Set<String> servidos = new TreeSet<>();
        try (Stream<Path> rutas = Files.list(Path.of("routes"))) {
            for (Path ruta : rutas.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = endpoint.matcher(Files.readString(ruta));
                while (m.find()) {
                    for (String metodo : m.group(2).split(",")) {
                        servidos.add(metodo + " " + m.group(1));
                    }
                }
            }
        }
        Set<String> documentados = new TreeSet<>();
        documento.getPaths().forEach((ruta, item) -> item.readOperationsMap()
                .forEach((metodo, op) -> documentados.add(metodo.name() + " " + ruta)));
        assertEquals(servidos, documentados);
    }

    /** Each 503 names what to retry with; each error body is the contract's. */
    @Test
    void lasRespuestasDeErrorEstanDescritas() {
        for (String ruta : List.of("/api/ventas", "/api/miembros", "/api/avisos", "/NuevaVenta", "/NuevoMiembro", "/Aviso")) {
            var respuestas = documento.getPaths().get(ruta).getPost().getResponses();
            for (String estado : List.of("202", "400", "413", "415", "429", "503")) {
                assertTrue(respuestas.containsKey(estado), ruta + " documents " + estado);
            }
        }
        assertTrue(documento.getComponents().getResponses().get("KafkaNoConfirmaId").getHeaders().containsKey("Retry-After"));
        assertEquals(List.of("error", "id"),
                documento.getComponents().getSchemas().get("NoConfirmadaId").getRequired());
        assertEquals(List.of("error", "rut"),
                documento.getComponents().getSchemas().get("NoConfirmadaRut").getRequired());
        assertTrue(documento.getComponents().getSchemas().get("Estadisticas").getRequired().contains("final"));
    }

    /** The check every test runs does bite: a response the document does not allow is named. */
    @Test
    void unaRespuestaFueraDelContratoFalla() {
        HttpRequest peticion = HttpRequest.newBuilder(URI.create("http://127.0.0.1/api/ventas")).POST(
                HttpRequest.BodyPublishers.noBody()).build();
        assertNull(Contrato.incumplimiento(peticion, respuesta(202, "{\"id\":\"x\",\"reposicion\":false}")));
        assertNotNull(Contrato.incumplimiento(peticion, respuesta(202, "{\"id\":\"x\"}")), "202 without reposicion");
        assertNotNull(Contrato.incumplimiento(peticion, respuesta(503, "{\"error\":\"Kafka no confirmó\",\"id\":\"x\"}")),
                "503 without Retry-After");
        assertNotNull(Contrato.incumplimiento(peticion, respuesta(500, "{\"error\":\"x\"}")),
                "a status the contract does not promise");
    }

    /** ... and so does the check of records: a sale without its hora is named; what a test produced itself is not checked. */
    @Test
    void unRegistroFueraDeSuEsquemaFalla() {
        String venta = "{\"id\":\"v-1\",\"carrito\":\"AB-1\",\"cantidad\":1,\"cliente\":\"ana\",\"stock\":1,"
                + "\"latitud\":0,\"longitud\":0,\"huella\":\"0123456789abcdef0123456789abcdef\"";
        assertNull(Contrato.incumplimiento(new ConsumerRecord<>("NuevaVenta", 0, 0L, "AB-1",
                venta + ",\"hora\":\"2026-11-20T10:15:00-03:00\"}")));
        assertNotNull(Contrato.incumplimiento(new ConsumerRecord<>("NuevaVenta", 0, 0L, "AB-1", venta + "}")));
        ConsumerRecord<String, String> ajeno = new ConsumerRecord<>("NuevaVenta", 0, 0L, 0L, TimestampType.CREATE_TIME,
                0, 0, "AB-1", "no es JSON", new RecordHeaders(List.of(new RecordHeader(Contrato.AJENO, new byte[0]))),
                Optional.empty());
        assertNull(Contrato.incumplimiento(ajeno));
        assertNull(Contrato.incumplimiento(new ConsumerRecord<>("NuevaVenta.DLT", 0, 0L, "AB-1", "no es JSON")));
    }

    /** A real sale: its four records, read back, each match their schema (Registros.de checks them). */
    @Test
    void losCuatroRegistrosDeUnaVentaCumplenSusEsquemas() throws Exception {
        String carrito = "K-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = app.postJson("/api/ventas", """
                {"carrito":"%s","cliente":"Ana","cantidad":3,"stock":5,"latitud":-33.45,"longitud":-70.66}"""
                .formatted(carrito));
        assertEquals(202, r.statusCode(), r.body());
        List<ConsumerRecord<String, String>> leidos = new ArrayList<>();
        for (String[] tp : List.of(new String[] {"NuevaVenta", "0"}, new String[] {"NuevaVenta", "1"},
                new String[] {"Ubicacion", "0"}, new String[] {"Stock", "1"})) {
            leidos.addAll(Registros.de(app.brokers(), tp[0], Integer.parseInt(tp[1]), x -> carrito.equals(x.key())));
        }
        assertEquals(4, leidos.size());
        String rut = rut(10_000_000 + new java.util.Random().nextInt(9_000_000));
        assertEquals(202, app.postForm("/api/miembros", "nombre=Ana&apellido=Rojas&rut=" + rut
                + "&email=ana@example.cl&patente=AB1234").statusCode());
        assertEquals(1, Registros.de(app.brokers(), "NuevoMiembro", 0, x -> rut.equals(x.key())).size());
        assertEquals(202, app.postJson("/api/avisos", "{\"latitud\":-33,\"longitud\":-70}").statusCode());
    }

    /** The document's own JSON examples are what its schemas say (an integrator copies them). */
    @Test
    void losEjemplosCumplenElDocumento() throws Exception {
        ParseOptions opciones = new ParseOptions();
        opciones.setResolveFully(true);
        OpenAPI resuelto = new OpenAPIParser().readLocation("http://127.0.0.1:" + app.httpPort + "/api/openapi.yaml",
                null, opciones).getOpenAPI();
        List<String> problemas = new ArrayList<>();
        int vistos = 0;
        for (var ruta : resuelto.getPaths().entrySet()) {
            String camino = ruta.getKey().replace("{rut}", "12.345.678-5").replace("{fecha}", "2026-11-20")
                    .replace("{archivo}", "estilo.css").replace("{nombre}", "venta.json");
            for (var op : ruta.getValue().readOperationsMap().entrySet()) {
                Request.Method metodo = Request.Method.valueOf(op.getKey().name());
                var cuerpo = op.getValue().getRequestBody();
                MediaType json = cuerpo == null ? null : cuerpo.getContent().get("application/json");
                for (Object ejemplo : ejemplos(json)) {
                    vistos++;
                    var informe = Contrato.validador().validateRequest(new SimpleRequest.Builder(metodo, camino)
                            .withContentType("application/json").withBody(Json.mapper().writeValueAsString(ejemplo))
                            .withHeader("Authorization", "Basic YWRtaW46eA==").build());
                    informe.getMessages().stream().filter(m -> m.getKey().startsWith("validation.request.body"))
                            .forEach(m -> problemas.add(op.getKey() + " " + ruta.getKey() + " request example: "
                                    + m.getMessage()));
                }
                for (var respuesta : op.getValue().getResponses().entrySet()) {
                    MediaType tipo = respuesta.getValue().getContent() == null ? null
                            : respuesta.getValue().getContent().get("application/json");
                    for (Object ejemplo : ejemplos(tipo)) {
                        vistos++;
                        var informe = Contrato.validador().validateResponse(camino, metodo,
                                SimpleResponse.Builder.status(Integer.parseInt(respuesta.getKey()))
                                        .withContentType("application/json")
                                        .withBody(Json.mapper().writeValueAsString(ejemplo)).build());
                        informe.getMessages().stream().filter(m -> m.getKey().startsWith("validation.response.body"))
                                .forEach(m -> problemas.add(op.getKey() + " " + ruta.getKey() + " "
                                        + respuesta.getKey() + " example: " + m.getMessage()));
                    }
                }
            }
        }
        assertTrue(vistos > 20, "examples seen: " + vistos);
        assertEquals(List.of(), problemas);
    }

    private static List<Object> ejemplos(MediaType tipo) {
        List<Object> ejemplos = new ArrayList<>();
        if (tipo != null) {
            if (tipo.getExample() != null) {
                ejemplos.add(tipo.getExample());
            }
            if (tipo.getExamples() != null) {
                tipo.getExamples().values().forEach(e -> ejemplos.add(e.getValue()));
            }
        }
        return ejemplos;
    }

    /** The pages link to the contract in the repository, never outside it. */
    @Test
    void elReadmeEnlazaElContrato() throws Exception {
        String readme = Files.readString(Path.of("README.md")).toLowerCase(Locale.ROOT);
        assertTrue(readme.contains("(config/openapi.yaml)"));
        assertTrue(readme.contains("(config/esquemas/)"));
    }

    /** A valid RUT (with its check digit) for a number. */
    static String rut(int numero) {
        int suma = 0;
        int factor = 2;
        for (int n = numero; n > 0; n /= 10) {
            suma += (n % 10) * factor;
            factor = factor == 7 ? 2 : factor + 1;
        }
        int dv = 11 - suma % 11;
        return numero + "-" + (dv == 11 ? "0" : dv == 10 ? "K" : String.valueOf(dv));
    }

    private static HttpResponse<String> respuesta(int estado, String cuerpo) {
        return new HttpResponse<>() {
            public int statusCode() {
                return estado;
            }

            public HttpRequest request() {
                return null;
            }

            public java.util.Optional<HttpResponse<String>> previousResponse() {
                return java.util.Optional.empty();
            }

            public java.net.http.HttpHeaders headers() {
                return java.net.http.HttpHeaders.of(java.util.Map.of("Content-Type", List.of("application/json")),
                        (a, b) -> true);
            }

            public String body() {
                return cuerpo;
            }

            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
                return java.util.Optional.empty();
            }

            public URI uri() {
                return URI.create("http://127.0.0.1/");
            }

            public java.net.http.HttpClient.Version version() {
                return java.net.http.HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
