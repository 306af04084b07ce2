package cl.gremio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import cl.gremio.entrada.Esquemas;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The contract kept true by every test: each HTTP response a test sees (through
 * {@link AppEnMarcha#send}) is checked against {@code config/openapi.yaml} (its {@code $ref}s to {@code config/esquemas/} resolved), and each record a test
 * reads from our four topics (through {@link Registros#de}) against its JSON Schema in
 * {@code esquemas/}. A violation fails the test that saw it, at the request that got it, and is
 * also kept in {@link #VIOLACIONES} (for requests made on threads whose failure a test might not look at).
 */
public final class Contrato {

    /** Set on a record a test produced itself (hostile input, replays): it is not ours to check. */
    public static final String AJENO = "prueba.ajeno";

    public static final ConcurrentLinkedQueue<String> VIOLACIONES = new ConcurrentLinkedQueue<>();

    /** Built once for the whole JVM: parsing the document costs about a second. */
    private static final OpenApiInteractionValidator HTTP = OpenApiInteractionValidator
            .createForSpecificationUrl(java.nio.file.Path.of("config", "openapi.yaml").toUri().toString())
            .build();

    /**
     * What the validator says when the request has no operation in the document: a path we do
     * not serve or a method a route does not take. Tests send those on purpose (hostile paths,
     * wrong methods) and Vert.x answers them with its own 404/405 page, which is no part of our
     * contract; any other status for them means an endpoint the document lacks, and fails.
     */
    private static final Set<String> SIN_OPERACION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed", "validation.response.path.missing",
            "validation.response.operation.notAllowed");

    private static final Esquemas REGISTRO = Esquemas.de(Esquemas.CARPETA);

    /** topic/partition -> schema of what we produce there. The DLTs keep whatever arrived: no schema. */
    private static final Map<String, Schema> ESQUEMAS = Map.of(
            "NuevoMiembro/0", esquema("miembro.json"),
            "NuevoMiembro/1", esquema("miembro.json"),
            "NuevaVenta/0", esquema("venta.json"),
            "NuevaVenta/1", esquema("venta-cliente.json"),
            "Ubicacion/0", esquema("posicion.json"),
            "Ubicacion/1", esquema("aviso.json"),
            "Stock/0", esquema("stock.json"),
            "Stock/1", esquema("stock.json"));

    /** What the checks cost, said once at the end of the test JVM: they must not slow the suite. */
    private static final AtomicLong RESPUESTAS = new AtomicLong();
    private static final AtomicLong REGISTROS = new AtomicLong();
    private static final AtomicLong NANOS = new AtomicLong();

    static {
        // to a file: surefire no longer listens to the JVM's output when its shutdown hooks run
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "contrato.txt"), String.format(
                        "%d responses and %d records checked against the contract in %d ms; %d violations%n%s",
                        RESPUESTAS.get(), REGISTROS.get(), NANOS.get() / 1_000_000, VIOLACIONES.size(),
                        String.join("\n", VIOLACIONES)));
            } catch (IOException e) {
                // only a report
            }
        }));
    }

    private Contrato() {
    }

    /** The validator of the document, built once (also for ContratoIT's check of the document's own examples). */
    static OpenApiInteractionValidator validador() {
        return HTTP;
    }

    /** Fails when {@code respuesta} (to {@code peticion}) is not what the document says. */
    public static void respuesta(HttpRequest peticion, HttpResponse<String> respuesta) {
        String violacion = incumplimiento(peticion, respuesta);
        if (violacion != null) {
            VIOLACIONES.add(violacion);
            throw new AssertionError("the response breaks config/openapi.yaml: " + violacion);
        }
    }

    /** What in {@code respuesta} the document does not allow; null when nothing. */
    static String incumplimiento(HttpRequest peticion, HttpResponse<String> respuesta) {
        Request.Method metodo;
        try {
            metodo = Request.Method.valueOf(peticion.method());
        } catch (IllegalArgumentException e) {
            return null; // a method OpenAPI cannot describe (a hostile test's own verb)
        }
        SimpleResponse.Builder r = SimpleResponse.Builder.status(respuesta.statusCode());
        respuesta.headers().map().forEach(r::withHeader);
        respuesta.headers().firstValue("Content-Type").ifPresent(r::withContentType);
        if (respuesta.body() != null && !respuesta.body().isEmpty()) {
            r.withBody(respuesta.body());
        }
        // the path as sent: a decoded %2F would make a different path (/web/..%2Fx is one segment)
        long desde = System.nanoTime();
        ValidationReport informe = HTTP.validateResponse(peticion.uri().getRawPath(), metodo, r.build());
        NANOS.addAndGet(System.nanoTime() - desde);
        RESPUESTAS.incrementAndGet();
        List<ValidationReport.Message> errores = informe.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList();
        if (errores.isEmpty()) {
            return null;
        }
        int estado = respuesta.statusCode();
        if ((estado == 404 || estado == 405) && errores.stream().allMatch(m -> SIN_OPERACION.contains(m.getKey()))) {
            return null;
        }
        return peticion.method() + " " + peticion.uri().getRawPath() + " -> " + estado + " "
                + respuesta.body() + "\n  " + errores.stream().map(m -> m.getKey() + ": " + m.getMessage())
                        .collect(Collectors.joining("\n  "));
    }

    /** Fails when a record of one of our topics is not what its schema says. */
    public static void registro(ConsumerRecord<String, String> registro) {
        String violacion = incumplimiento(registro);
        if (violacion != null) {
            VIOLACIONES.add(violacion);
            throw new AssertionError("the record breaks its schema in config/esquemas: " + violacion);
        }
    }

    /** What in {@code registro} its schema does not allow; null when nothing (or not ours to check). */
    static String incumplimiento(ConsumerRecord<String, String> registro) {
        Schema esquema = ESQUEMAS.get(registro.topic() + "/" + registro.partition());
        if (esquema == null || registro.headers().lastHeader(AJENO) != null) {
            return null;
        }
        long desde = System.nanoTime();
        var errores = registro.value() == null ? List.of("no value")
                : esquema.validate(registro.value(), InputFormat.JSON).stream().map(Object::toString).toList();
        NANOS.addAndGet(System.nanoTime() - desde);
        REGISTROS.incrementAndGet();
        return errores.isEmpty() ? null : registro.topic() + "/" + registro.partition() + "@" + registro.offset()
                + " " + registro.value() + "\n  " + String.join("\n  ", errores);
    }

    private static Schema esquema(String archivo) {
        return REGISTRO.de(archivo.substring(0, archivo.length() - ".json".length())).schema();
    }

    private static String recurso(String nombre) {
        try (InputStream in = Contrato.class.getResourceAsStream(nombre)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + nombre);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
