package cl.gremio.entrada;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One schema of {@code config/esquemas/}, compiled once, and what its top-level properties
 * declare (type, bounds, {@code x-mensaje}): enough to read a form's text as the declared type
 * and to refuse in the users' language, naming the field.
 */
public final class Esquema {

    /** What one property declares, its {@code $ref} followed (keywords beside a {@code $ref} win). */
    record Propiedad(String tipo, boolean admiteNulo, Integer maxLength, Integer minLength, JsonNode minimo,
            JsonNode maximo, List<String> valores, String mensaje) {

        static Propiedad de(JsonNode p) {
            String tipo = null;
            boolean nulo = false;
            JsonNode t = p.get("type");
            for (JsonNode uno : t == null ? List.<JsonNode>of() : t.isArray() ? t.values() : List.of(t)) {
                if (uno.asString().equals("null")) {
                    nulo = true;
                } else if (tipo == null) {
                    tipo = uno.asString();
                }
            }
            List<String> valores = new ArrayList<>();
            if (p.has("enum")) {
                p.get("enum").values().forEach(v -> valores.add(v.asString()));
            }
            return new Propiedad(tipo, nulo, entero(p, "maxLength"), entero(p, "minLength"), p.get("minimum"),
                    p.get("maximum"), List.copyOf(valores), p.has("x-mensaje") ? p.get("x-mensaje").asString() : null);
        }

        private static Integer entero(JsonNode p, String palabra) {
            return p.has(palabra) ? p.get(palabra).asInt() : null;
        }
    }

    private final String archivo;
    private final Schema schema;
    private final Map<String, Propiedad> propiedades = new LinkedHashMap<>();
    /** Its plain part as direct checks, or null when it says more ({@link Comprobacion}). */
    private final Comprobacion rapida;

    Esquema(String archivo, Schema schema, Map<String, JsonNode> arboles, Comprobacion rapida) {
        this.archivo = archivo;
        this.schema = schema;
        this.rapida = rapida;
        JsonNode declaradas = arboles.get(archivo).get("properties");
        if (declaradas != null) {
            declaradas.properties().forEach(p -> propiedades.put(p.getKey(),
                    Propiedad.de(resuelta(archivo, p.getValue(), arboles))));
        }
    }

    /** A property's definition with its {@code $ref}s followed; the keywords written beside a {@code $ref} win. */
    private static JsonNode resuelta(String archivo, JsonNode nodo, Map<String, JsonNode> arboles) {
        if (!nodo.has("$ref")) {
            return nodo;
        }
        String ref = nodo.get("$ref").asString();
        int ancla = ref.indexOf('#');
        String otro = ancla == 0 ? archivo : ref.substring(0, ancla < 0 ? ref.length() : ancla);
        JsonNode raiz = arboles.get(otro);
        if (raiz == null) {
            throw new IllegalStateException(archivo + ": $ref " + ref + " names no file of " + Esquemas.CARPETA);
        }
        JsonNode destino = resuelta(otro, ancla < 0 ? raiz : raiz.at(ref.substring(ancla + 1)), arboles);
        tools.jackson.databind.node.ObjectNode unida = JsonNodeFactory.instance.objectNode();
        destino.properties().forEach(p -> unida.set(p.getKey(), p.getValue()));
        nodo.properties().forEach(p -> unida.set(p.getKey(), p.getValue()));
        unida.remove("$ref");
        return unida;
    }

    /** The properties it declares, in the order written. */
    public Map<String, Propiedad> propiedades() {
        return Collections.unmodifiableMap(propiedades);
    }

    /** The compiled schema, for a check of a whole document (the tests' of what we produce). */
    public Schema schema() {
        return schema;
    }

    /** The direct checks its documents meet first, null when it has none ({@link Comprobacion}). */
    Comprobacion comprobacion() {
        return rapida;
    }

    /** The file it was read from, as error messages name it. */
    public String archivo() {
        return archivo;
    }

    /**
     * Checks {@code campos} in place: each declared property's value is first made what Java's
     * rules make of it ({@link Campos#normal}: text trimmed, checked and normalised; a text given
     * for a number or a boolean read as one, as a form sends them; a null is an absent optional
     * field), then the whole object is validated against the schema. The first violation is a
     * {@link Rechazo} naming its field.
     */
    void validar(ObjectNode campos, Campos reglas, boolean registro) {
        for (Map.Entry<String, Propiedad> p : propiedades.entrySet()) {
            String campo = p.getKey();
            com.fasterxml.jackson.databind.JsonNode v = campos.get(campo);
            if (v == null) {
                continue;
            }
            if (v.isNull()) {
                if (!p.getValue().admiteNulo()) {
                    campos.remove(campo);
                }
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode normal = reglas.normal(campo, p.getValue(), registro);
            if (normal != v) {
                campos.set(campo, normal);
            }
        }
        if (rapida != null && rapida.admite(campos)) {
            return;
        }
        List<Error> errores = schema.validate(Campos.comoJackson3(campos));
        if (!errores.isEmpty()) {
            throw rechazo(errores.get(0));
        }
    }

    /** A violation in the words the users already know from each field. */
    private Rechazo rechazo(Error error) {
        String palabra = error.getKeyword();
        String campo = error.getProperty() != null ? error.getProperty()
                : error.getInstanceLocation().getNameCount() > 0 ? error.getInstanceLocation().getName(0) : null;
        if (campo == null) {
            return new Rechazo(400, null, "el cuerpo no cumple " + archivo + ": " + error.getMessage());
        }
        if ("required".equals(palabra)) {
            return Rechazo.campo(campo, "falta el campo " + campo);
        }
        if ("additionalProperties".equals(palabra) || "unevaluatedProperties".equals(palabra)) {
            return Rechazo.campo(campo, campo + " no es un campo de " + archivo);
        }
        Propiedad p = propiedades.get(campo);
        if (p == null) {
            return Rechazo.campo(campo, campo + " no cumple " + archivo + ": " + error.getMessage());
        }
        if (p.mensaje() != null && "pattern".equals(palabra)) {
            return Rechazo.campo(campo, p.mensaje());
        }
        if (!p.valores().isEmpty() && ("enum".equals(palabra) || "type".equals(palabra))) {
            return Rechazo.campo(campo, campo + " debe ser uno de: " + String.join(", ", p.valores()));
        }
        String tipo = p.tipo() == null ? "" : p.tipo();
        return Rechazo.campo(campo, switch (tipo) {
            case "integer" -> campo + " debe ser un número entero" + rango(p);
            case "number" -> campo + " debe ser un número" + rango(p);
            case "boolean" -> campo + " debe ser true/false, si/no o 1/0";
            case "string" -> switch (palabra) {
                case "minLength" -> campo + " no puede estar vacío";
                case "maxLength" -> Campos.largoExcedido(campo, p.maxLength());
                case "type" -> campo + " debe ser texto";
                default -> p.mensaje() != null ? p.mensaje() : campo + " no cumple " + archivo + ": " + error.getMessage();
            };
            default -> campo + " no cumple " + archivo + ": " + error.getMessage();
        });
    }

    private static String rango(Propiedad p) {
        if (p.minimo() == null && p.maximo() == null) {
            return "";
        }
        if (p.maximo() == null) {
            return " desde " + p.minimo().asString();
        }
        if (p.minimo() == null) {
            return " hasta " + p.maximo().asString();
        }
        return " entre " + p.minimo().asString() + " y " + p.maximo().asString();
    }
}
