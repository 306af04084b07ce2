package cl.gremio;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The application as a process of its own (the way it runs in production), so a test can
 * kill it with SIGKILL. Same classpath as the tests; settings as -D system properties.
 */
public final class ProcesoGremio {

    final Path dataDir;
    final int http;
    final Map<String, String> ajustes = new TreeMap<>();
    /** Environment variables for the process, on top of the test JVM's own. */
    final Map<String, String> entorno = new TreeMap<>();
    /** Where it runs (its config/ and routes/): the project's root unless a test gives its own. */
    Path directorio = Path.of("").toAbsolutePath();
    /**
     * The JVM's options: a small heap by default, so that several instances and the test's own
     * broker share two cores; {@code @config/jvm.options} runs it as README's command does.
     */
    List<String> opcionesJvm = List.of("-Xmx512m");
    /** The class it runs: the application's own, or one that wraps it with a test's switches. */
    String clasePrincipal = Gremio.class.getName();
    final HttpClient cliente = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process proceso;

    ProcesoGremio(Map<String, String> ajustes) throws Exception {
        dataDir = Files.createTempDirectory("gremio-proceso");
        http = AppEnMarcha.puertoLibre();
        this.ajustes.put("gremio.data.dir", dataDir.toString());
        this.ajustes.put("camel.server.port", String.valueOf(http));
        this.ajustes.put("camel.management.port", String.valueOf(AppEnMarcha.puertoLibre()));
        // tests read the figures they just produced: every POST computes (the limit has its own test, LecturasAcotadasIT)
        this.ajustes.put("gremio.estadisticas.recalculo-segundos", "0");
        this.ajustes.putAll(ajustes);
    }

    /** Starts the application and waits until it serves requests; its output goes to target/{log}.log. */
    ProcesoGremio arrancar(String log) throws Exception {
        File salida = lanzar(log);
        long hasta = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < hasta && proceso.isAlive()) {
            try {
                if (cliente.send(HttpRequest.newBuilder(uri("/api/reposiciones")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        proceso.destroyForcibly();
        throw new AssertionError("the application did not start; see " + salida);
    }

    /** Starts the application without waiting; its output goes to target/{log}.log. */
    File lanzar(String log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(opcionesJvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        ajustes.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(clasePrincipal);
        File salida = new File("target/" + log + ".log").getAbsoluteFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(directorio.toFile()).redirectErrorStream(true)
                .redirectOutput(salida);
        pb.environment().putAll(entorno);
        proceso = pb.start();
        return salida;
    }

    /** For a start that must be refused: its exit code, once it exited (or the test fails after 60 s). */
    int salida() throws InterruptedException {
        if (!proceso.waitFor(60, TimeUnit.SECONDS)) {
            matar();
            throw new AssertionError("the application kept running");
        }
        return proceso.exitValue();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http + path);
    }

    boolean vivo() {
        return proceso != null && proceso.isAlive();
    }

    /** SIGKILL: no shutdown of any kind. */
    void matar() throws InterruptedException {
        proceso.destroyForcibly();
        proceso.waitFor();
    }

    void detener() throws InterruptedException {
        if (vivo()) {
            proceso.destroy();
            if (!proceso.waitFor(30, TimeUnit.SECONDS)) {
                matar();
            }
        }
    }

    /** POST a sale; true only for a 202. Anything else (no answer, 503) is for the client to retry. */
    boolean vender(String json) {
        try {
            return cliente.send(HttpRequest.newBuilder(uri("/api/ventas")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
        } catch (Exception e) {
            return false;
        }
    }

    HttpResponse<String> post(String path) throws Exception {
        HttpRequest peticion = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> respuesta = cliente.send(peticion, HttpResponse.BodyHandlers.ofString());
        Contrato.respuesta(peticion, respuesta);
        return respuesta;
    }

    /** The API's answers are checked against the OpenAPI document; the management port's are not in it. */
    HttpResponse<String> get(URI uri) throws Exception {
        HttpRequest peticion = HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<String> respuesta = cliente.send(peticion, HttpResponse.BodyHandlers.ofString());
        if (uri.getPort() == http) {
            Contrato.respuesta(peticion, respuesta);
        }
        return respuesta;
    }

    URI gestion(String path) {
        return URI.create("http://127.0.0.1:" + ajustes.get("camel.management.port") + path);
    }
}
