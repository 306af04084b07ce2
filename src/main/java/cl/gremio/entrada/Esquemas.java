package cl.gremio.entrada;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas in {@code config/esquemas/} (read from the working directory, as
 * {@code routes/} is), each compiled once, at start: the request bodies
 * ({@code solicitud-*.json}) and the records ({@code venta.json}, ...). They are the one source of
 * a field's structure; a {@code $ref} to another file of the folder ({@code comun.json#/$defs/id})
 * resolves beside it.
 */
public final class Esquemas {

    /** Where the schemas are, relative to the working directory. */
    public static final Path CARPETA = Path.of("config", "esquemas");

    /** The base a schema's relative {@code $ref} resolves against; mapped back to the folder, never fetched. */
    private static final String BASE = "https://gremio.cl/esquemas/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Esquema> porNombre = new TreeMap<>();

    private Esquemas(Path carpeta) {
        Map<String, String> textos = new TreeMap<>();
        try (Stream<Path> archivos = Files.list(carpeta)) {
            for (Path archivo : archivos.filter(a -> a.toString().endsWith(".json")).toList()) {
                textos.put(archivo.getFileName().toString(), Files.readString(archivo, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("No schemas in " + carpeta.toAbsolutePath()
                    + ": start Gremio from the directory that holds config/ and routes/", e);
        }
        SchemaRegistry registro = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(iri -> iri.startsWith(BASE) ? textos.get(iri.substring(BASE.length())) : null));
        Map<String, JsonNode> arboles = new TreeMap<>();
        textos.forEach((archivo, texto) -> arboles.put(archivo, JSON.readTree(texto)));
        textos.forEach((archivo, texto) -> porNombre.put(archivo.substring(0, archivo.length() - ".json".length()),
                new Esquema(archivo, registro.getSchema(SchemaLocation.of(BASE + archivo)), arboles)));
    }

    /** Every schema of {@code carpeta}; a schema that does not compile stops the start, naming its file. */
    public static Esquemas de(Path carpeta) {
        return new Esquemas(carpeta);
    }

    /** The schema of {@code config/esquemas/<nombre>.json}. */
    public Esquema de(String nombre) {
        Esquema e = porNombre.get(nombre);
        if (e == null) {
            throw new IllegalStateException("No schema " + CARPETA.resolve(nombre + ".json").toAbsolutePath());
        }
        return e;
    }
}
