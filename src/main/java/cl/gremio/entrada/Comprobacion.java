package cl.gremio.entrada;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.regex.RegularExpressions;

/**
 * The plain part of a schema compiled into direct checks: an object of declared properties, each
 * with a type, bounds, lengths, a pattern or a list of texts. A sale is validated five times
 * (its request and its four records), and the general validator spent about as much CPU on that as
 * the rest of the sale's reading. This only ever says yes: a document it does not admit, or a
 * schema that says more than it understands ({@link #de} answers null), goes to the general
 * validator, whose verdict and message stand. {@code ComprobacionTest} checks, on arbitrary
 * documents, that nothing it admits is refused by the general validator.
 */
final class Comprobacion {

    /** Beyond 2^53 a double is no longer every whole number: such a value goes to the general validator. */
    private static final double EXACTO = 9_007_199_254_740_992d;

    /** One property's checks. */
    private record Regla(Set<String> tipos, Long minimo, Long maximo, Integer minLength, Integer maxLength,
            Pattern patron, Set<String> valores) {

        boolean admite(JsonNode v) {
            if (v.isTextual()) {
                return tipos.contains("string") && texto(v.textValue());
            }
            if (v.isIntegralNumber()) {
                return (tipos.contains("integer") || tipos.contains("number")) && v.canConvertToLong()
                        && Math.abs(v.longValue()) < EXACTO && dentro(v.longValue());
            }
            if (v.isFloatingPointNumber()) {
                double d = v.doubleValue();
                return tipos.contains("number") && !v.isBigDecimal() && Double.isFinite(d) && Math.abs(d) < EXACTO
                        && dentro(d);
            }
            if (v.isBoolean()) {
                return tipos.contains("boolean") && valores == null && minimo == null && maximo == null;
            }
            return v.isNull() && tipos.contains("null") && valores == null;
        }

        private boolean texto(String s) {
            if (maxLength != null && s.length() > maxLength) {
                return false; // UTF-16 units are never fewer than code points, which the schema counts
            }
            if (minLength != null && minLength > 0 && (s.isEmpty() || minLength > 1 && s.codePointCount(0, s.length()) < minLength)) {
                return false;
            }
            return (patron == null || patron.matcher(s).find()) && (valores == null || valores.contains(s));
        }

        private boolean dentro(double d) {
            return (valores == null) && (minimo == null || d >= minimo) && (maximo == null || d <= maximo);
        }
    }

    private final Map<String, Regla> reglas;
    private final List<String> requeridos;
    private final boolean soloDeclaradas;

    private Comprobacion(Map<String, Regla> reglas, List<String> requeridos, boolean soloDeclaradas) {
        this.reglas = reglas;
        this.requeridos = requeridos;
        this.soloDeclaradas = soloDeclaradas;
    }

    /**
     * The checks of {@code esquema} (its definitions in place: {@link Esquemas#enLinea}), or null
     * when it says anything beyond them: then the general validator judges every document.
     */
    static Comprobacion de(tools.jackson.databind.JsonNode esquema) {
        if (!esquema.isObject() || !"object".equals(texto(esquema.get("type")))) {
            return null;
        }
        Map<String, Regla> reglas = new HashMap<>();
        List<String> requeridos = new ArrayList<>();
        boolean soloDeclaradas = false;
        for (Map.Entry<String, tools.jackson.databind.JsonNode> k : esquema.properties()) {
            tools.jackson.databind.JsonNode v = k.getValue();
            switch (k.getKey()) {
                case "$schema", "$defs", "type" -> { }
                case "required" -> {
                    if (!v.isArray()) {
                        return null;
                    }
                    for (tools.jackson.databind.JsonNode r : v.values()) {
                        if (!r.isString()) {
                            return null;
                        }
                        requeridos.add(r.asString());
                    }
                }
                case "additionalProperties" -> {
                    if (!v.isBoolean()) {
                        return null;
                    }
                    soloDeclaradas = !v.asBoolean();
                }
                case "properties" -> {
                    for (Map.Entry<String, tools.jackson.databind.JsonNode> p : v.properties()) {
                        Regla r = regla(p.getValue());
                        if (r == null) {
                            return null;
                        }
                        reglas.put(p.getKey(), r);
                    }
                }
                default -> {
                    if (!Esquemas.anotacion(k.getKey())) {
                        return null;
                    }
                }
            }
        }
        return new Comprobacion(Map.copyOf(reglas), List.copyOf(requeridos), soloDeclaradas);
    }

    /** A property's checks, or null when its schema says more than these. */
    private static Regla regla(tools.jackson.databind.JsonNode p) {
        if (!p.isObject()) {
            return null;
        }
        Set<String> tipos = new HashSet<>();
        Long minimo = null;
        Long maximo = null;
        Integer minLength = null;
        Integer maxLength = null;
        Pattern patron = null;
        Set<String> valores = null;
        for (Map.Entry<String, tools.jackson.databind.JsonNode> k : p.properties()) {
            tools.jackson.databind.JsonNode v = k.getValue();
            switch (k.getKey()) {
                case "type" -> {
                    for (tools.jackson.databind.JsonNode t : v.isArray() ? v.values() : List.of(v)) {
                        if (!t.isString() || !Set.of("string", "integer", "number", "boolean", "null").contains(t.asString())) {
                            return null;
                        }
                        tipos.add(t.asString());
                    }
                }
                case "minimum", "maximum" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToLong() || Math.abs(v.asLong()) >= EXACTO) {
                        return null;
                    }
                    if (k.getKey().equals("minimum")) {
                        minimo = v.asLong();
                    } else {
                        maximo = v.asLong();
                    }
                }
                case "minLength", "maxLength" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                        return null;
                    }
                    if (k.getKey().equals("minLength")) {
                        minLength = v.asInt();
                    } else {
                        maxLength = v.asInt();
                    }
                }
                case "pattern" -> {
                    if (!v.isString()) {
                        return null;
                    }
                    // as the general validator compiles and uses it (its default engine, java.util.regex):
                    // $ as ECMAScript reads it, found anywhere in the text
                    patron = Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(
                            RegularExpressions.replaceDollarAnchors(v.asString())));
                }
                case "enum" -> {
                    valores = new HashSet<>();
                    for (tools.jackson.databind.JsonNode e : v.values()) {
                        if (!e.isString()) {
                            return null;
                        }
                        valores.add(e.asString());
                    }
                }
                default -> {
                    if (!Esquemas.anotacion(k.getKey())) {
                        return null;
                    }
                }
            }
        }
        return tipos.isEmpty() ? null : new Regla(Set.copyOf(tipos), minimo, maximo, minLength, maxLength, patron,
                valores == null ? null : Set.copyOf(valores));
    }

    private static String texto(tools.jackson.databind.JsonNode v) {
        return v != null && v.isString() ? v.asString() : null;
    }

    /** True: the schema admits {@code campos}. False: the general validator must judge it. */
    boolean admite(ObjectNode campos) {
        for (String r : requeridos) {
            if (!campos.has(r)) {
                return false;
            }
        }
        for (Map.Entry<String, JsonNode> campo : campos.properties()) {
            Regla regla = reglas.get(campo.getKey());
            if (regla == null ? soloDeclaradas : !regla.admite(campo.getValue())) {
                return false;
            }
        }
        return true;
    }
}
