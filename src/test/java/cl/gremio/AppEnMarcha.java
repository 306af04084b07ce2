package cl.gremio;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.main.Main;

/**
 * The real application (routes from routes/, config from config/, embedded broker) started in
 * the test JVM on free ports and its own data dir, and an HTTP client to talk to it.
 */
public final class AppEnMarcha implements AutoCloseable {

    private static AppEnMarcha compartida;

    public final Path dataDir;
    public final int httpPort;
    public final int kafkaPort;
    public final int controllerPort;
    public final int managementPort = puertoLibre();
    private final Map<String, String> extra = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Main main;

    private AppEnMarcha(Path dataDir, int httpPort, int kafkaPort, int controllerPort, Map<String, String> extra)
            throws IOException {
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        // tests read the figures they just produced: every POST computes (the limit has its own test, LecturasAcotadasIT)
        this.extra.put("gremio.estadisticas.recalculo-segundos", "0");
        this.extra.putAll(extra);
    }

    /** One instance for all test classes that only need a running system (a broker start costs seconds). */
    public static synchronized AppEnMarcha compartida() throws Exception {
        if (compartida == null) {
            compartida = nueva(Map.of());
            AppEnMarcha app = compartida;
            Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        }
        return compartida;
    }

    /** A fresh instance with its own data dir and ports; the caller closes it. */
    public static AppEnMarcha nueva(Map<String, String> extra) throws Exception {
        AppEnMarcha app = new AppEnMarcha(Files.createTempDirectory("gremio-test"), puertoLibre(), puertoLibre(),
                puertoLibre(), extra);
        app.iniciar();
        return app;
    }

    /** Starts (again) on the same data dir and ports. */
    public void iniciar() throws Exception {
        main = Gremio.create();
        main.addOverrideProperty("gremio.data.dir", dataDir.toString());
        main.addOverrideProperty("camel.server.port", String.valueOf(httpPort));
        main.addOverrideProperty("gremio.kafka.embedded.port", String.valueOf(kafkaPort));
        main.addOverrideProperty("gremio.kafka.embedded.controller-port", String.valueOf(controllerPort));
        main.addOverrideProperty("camel.management.port", String.valueOf(managementPort));
        // Quartz keeps one scheduler per JVM and name, named after the context: apps sharing a test JVM
        // must not share a scheduler (nor its triggers)
        main.addOverrideProperty("camel.main.name", "gremio-" + httpPort);
        extra.forEach(main::addOverrideProperty);
        main.start();
    }

    /** Stops and starts again on the same data dir and ports, with some settings changed. */
    public void reiniciar(Map<String, String> cambios) throws Exception {
        close();
        extra.putAll(cambios);
        iniciar();
    }

    public Main main() {
        return main;
    }

    public String brokers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** Every request of every test goes through here: an API response is checked against the OpenAPI document. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpRequest peticion = request.timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> respuesta = http.send(peticion, HttpResponse.BodyHandlers.ofString());
        // the management port (/observe/...) is for operators, not part of the API's contract
        if (peticion.uri().getPort() == httpPort) {
            Contrato.respuesta(peticion, respuesta);
        }
        return respuesta;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** Every page of a list from {@code path} on, following Link rel=next: the pages' bodies, in order. */
    public List<JsonNode> paginas(String path) throws Exception {
        return paginas(path, null);
    }

    /** As {@link #paginas(String)}, each request with this Authorization header (null: none). */
    public List<JsonNode> paginas(String path, String autorizacion) throws Exception {
        List<JsonNode> paginas = new ArrayList<>();
        for (String siguiente = path; siguiente != null; ) {
            HttpRequest.Builder peticion = request(siguiente).GET();
            if (autorizacion != null) {
                peticion.header("Authorization", autorizacion);
            }
            HttpResponse<String> r = send(peticion);
            if (r.statusCode() != 200 || paginas.size() > 10_000) {
                throw new AssertionError("GET " + siguiente + " -> " + r.statusCode() + " " + r.body());
            }
            paginas.add(Registros.json(r.body()));
            siguiente = siguiente(r);
        }
        return paginas;
    }

    /** The path and query of a response's Link rel=next; null on a last page. */
    public static String siguiente(HttpResponse<String> r) {
        return r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
    }

    /** The board's credentials: the password the application generated in its data dir. */
    public String credenciales() throws IOException {
        String clave = Files.readString(dataDir.resolve("admin.clave")).strip();
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + clave).getBytes());
    }

    public HttpResponse<String> postJson(String path, String json) throws Exception {
        return post(path, "application/json", json);
    }

    public HttpResponse<String> postForm(String path, String form) throws Exception {
        return post(path, "application/x-www-form-urlencoded", form);
    }

    @Override
    public void close() {
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                main = null;
            }
        }
    }

    static int puertoLibre() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
