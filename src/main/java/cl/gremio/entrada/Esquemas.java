package cl.gremio.entrada;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
        Map<String, JsonNode> arboles = new TreeMap<>();
        textos.forEach((archivo, texto) -> arboles.put(archivo, JSON.readTree(texto)));
        // compiled with their definitions in place: a $ref followed at each validation cost a
        // quarter of the validator's time, and a sale is validated five times
        Map<String, JsonNode> enLinea = new TreeMap<>();
        arboles.forEach((archivo, arbol) -> enLinea.put(archivo, enLinea(archivo, arbol, arboles, 0)));
        Map<String, String> compilados = new TreeMap<>();
        enLinea.forEach((archivo, arbol) -> compilados.put(archivo, arbol.toString()));
        SchemaRegistry registro = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(iri -> iri.startsWith(BASE) ? compilados.get(iri.substring(BASE.length())) : null));
        textos.forEach((archivo, texto) -> porNombre.put(archivo.substring(0, archivo.length() - ".json".length()),
                new Esquema(archivo, registro.getSchema(SchemaLocation.of(BASE + archivo)), arboles,
                        Comprobacion.de(enLinea.get(archivo)))));
    }

    /** Keywords that say something about a value only to a reader, never to the validator. */
    private static final Set<String> ANOTACIONES = Set.of("title", "description", "$comment", "examples", "default",
            "deprecated", "readOnly", "writeOnly");

    /**
     * {@code nodo} with every {@code $ref} to a part of a schema ({@code comun.json#/$defs/id},
     * {@code miembro.json#/properties/email}, {@code #/$defs/x}) replaced by that part, with the same meaning: a keyword written
     * beside the {@code $ref} that the definition also has applies as well as the definition's (in
     * an {@code allOf}), as JSON Schema says; so does any other keyword beside it but annotations. A
     * {@code $ref} with a percent-encoded character, one beside unevaluated* or a base, to a whole document, into a definition
     * that sets its own {@code $id} or anchors, or deeper than a few levels stays as written.
     */
    static JsonNode enLinea(String archivo, JsonNode nodo, Map<String, JsonNode> arboles, int profundidad) {
        if (nodo.isArray()) {
            ArrayNode copia = JsonNodeFactory.instance.arrayNode();
            nodo.values().forEach(v -> copia.add(enLinea(archivo, v, arboles, profundidad)));
            return copia;
        }
        if (!nodo.isObject()) {
            return nodo;
        }
        JsonNode ref = nodo.get("$ref");
        ObjectNode leida = ref != null && ref.isString() && !ref.asString().contains("%")
                ? definicion(archivo, ref.asString(), arboles, profundidad) : null;
        ObjectNode definicion = leida != null && juntable(nodo, leida) ? leida : null;
        ObjectNode copia = definicion != null ? definicion : JsonNodeFactory.instance.objectNode();
        ObjectNode ademas = JsonNodeFactory.instance.objectNode();
        nodo.properties().forEach(p -> {
            if (definicion != null && p.getKey().equals("$ref")) {
                return;
            }
            JsonNode valor = enLinea(archivo, p.getValue(), arboles, profundidad);
            // every other keyword beside the $ref goes into the allOf, even one the definition lacks:
            // additionalProperties, then, items... read their own object's neighbours, not the definition's
            if (definicion != null && !anotacion(p.getKey()) && !(p.getKey().equals("$defs") && !copia.has("$defs"))) {
                ademas.set(p.getKey(), valor);
            } else {
                copia.set(p.getKey(), valor);
            }
        });
        if (!ademas.isEmpty()) {
            ArrayNode todos = copia.has("allOf") ? (ArrayNode) copia.get("allOf") : copia.putArray("allOf");
            todos.add(ademas);
        }
        return copia;
    }

    /** Keywords whose meaning depends on the schema object they are in, beyond what an allOf keeps. */
    private static final Set<String> DEL_OBJETO = Set.of("unevaluatedProperties", "unevaluatedItems", "$id",
            "$anchor", "$dynamicAnchor", "$dynamicRef", "$schema");

    /** A keyword a reader reads and the validator ignores (also Comprobacion's). */
    static boolean anotacion(String palabra) {
        return ANOTACIONES.contains(palabra) || palabra.startsWith("x-");
    }

    /**
     * Whether {@code nodo}'s $ref can give way to {@code definicion}: not when a keyword beside it
     * depends on its object (unevaluated*, a base or an anchor), nor when the definition's
     * unevaluated* would then see the keywords beside the $ref.
     */
    private static boolean juntable(JsonNode nodo, ObjectNode definicion) {
        boolean otras = false;
        for (Map.Entry<String, JsonNode> p : nodo.properties()) {
            if (DEL_OBJETO.contains(p.getKey())) {
                return false;
            }
            otras |= !p.getKey().equals("$ref") && !anotacion(p.getKey());
        }
        return !otras || !definicion.has("unevaluatedProperties") && !definicion.has("unevaluatedItems");
    }

    /** The definition a {@code $ref} names, itself in line; null when it stays a {@code $ref}. */
    private static ObjectNode definicion(String archivo, String ref, Map<String, JsonNode> arboles, int profundidad) {
        int ancla = ref.indexOf("#/");
        if (ancla < 0 || profundidad >= 8) {
            return null;
        }
        JsonNode raiz = arboles.get(ancla == 0 ? archivo : ref.substring(0, ancla));
        JsonNode destino = raiz == null ? null : raiz.at(ref.substring(ancla + 1));
        if (destino == null || !destino.isObject() || destino.has("$id") || destino.has("$anchor")
                || destino.has("$dynamicAnchor") || destino.toString().contains("\"$dynamicRef\"")) {
            return null;
        }
        String otro = ancla == 0 ? archivo : ref.substring(0, ancla);
        JsonNode enLinea = enLinea(otro, destino, arboles, profundidad + 1);
        // a definition's own local $ref (#/...) would now be read against this document: leave the $ref
        return enLinea.toString().contains("\"$ref\":\"#") && !otro.equals(archivo) ? null : (ObjectNode) enLinea;
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
