package cl.gremio.entrada;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import cl.gremio.dominio.Iso;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The fields of one request or record, JSON or form alike (form values arrive as text). Their
 * structure is the schema's ({@link Esquema}); here are the rules a schema cannot say, each once
 * and keyed by field name ({@link #normal}): text trimmed and measured as the store measures it,
 * the RUT's check digit, the plate's case, the client's key, {@code hora}'s forms and window.
 * Each either returns a clean value or throws {@link Rechazo} naming the field, in the users'
 * language. Once validated, the readers below the rules just read.
 */
public final class Campos {

    private static final Pattern ENTERO = Pattern.compile("[+-]?\\d{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,12}(\\.\\d{1,15})?([eE][+-]?\\d{1,3})?");
    private static final Pattern HORA_DEL_DIA = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");
    private static final Pattern CON_DESPLAZAMIENTO = Pattern.compile(".*(Z|[+-]\\d{2}:?\\d{2})$");
    private static final Pattern RUT = Pattern.compile("\\d{1,8}[0-9K]");

    /** No sale, position or report is older than this: the domain starts here (and so do dates in paths). */
    public static final LocalDate PRIMER_DIA = LocalDate.of(2000, 1, 1);

    private final ObjectNode campos;
    private final ZoneId zona;
    private final Clock reloj;
    private final Duration atraso;
    private final Duration adelanto;

    /** {@code atraso} / {@code adelanto}: how far before and after the server's clock a request's hora may be. */
    Campos(ObjectNode campos, ZoneId zona, Clock reloj, Duration atraso, Duration adelanto) {
        this.campos = campos;
        this.zona = zona;
        this.reloj = reloj;
        this.atraso = atraso;
        this.adelanto = adelanto;
    }

    private JsonNode valor(String campo) {
        JsonNode v = campos.get(campo);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * Java's rule for a declared property's value, by the field's name: what it becomes before the
     * schema checks it (and what a store keeps). Text is trimmed and checked ({@link
     * #textoOpcional}), some fields normalised; a form's text for a number or a boolean read as
     * one (one that does not read stays text, and the schema refuses it naming the type).
     */
    JsonNode normal(String campo, Esquema.Propiedad p, boolean registro) {
        JsonNode v = campos.get(campo);
        String tipo = p.tipo() == null ? "" : p.tipo();
        switch (tipo) {
            case "integer" -> {
                String t = v.isTextual() ? recortar(v.textValue()) : null;
                if (t != null && ENTERO.matcher(t).matches()) {
                    return LongNode.valueOf(Long.parseLong(t));
                }
                // a schema takes 1e3 or 2.0 for an integer; a count written as a decimal is a mistake
                return v.isNumber() && !v.isIntegralNumber() ? TextNode.valueOf(v.asText()) : v;
            }
            case "number" -> {
                String t = v.isTextual() ? recortar(v.textValue()) : null;
                if (t != null && DECIMAL.matcher(t).matches() && Double.isFinite(Double.parseDouble(t))) {
                    return DoubleNode.valueOf(Double.parseDouble(t));
                }
                return v.isNumber() && !Double.isFinite(v.doubleValue()) ? TextNode.valueOf(v.asText()) : v;
            }
            case "boolean" -> {
                Boolean b = siNo(v);
                return b == null ? v : BooleanNode.valueOf(b);
            }
            case "string" -> {
                if (!v.isTextual()) {
                    return v;
                }
                return TextNode.valueOf(switch (campo) {
                    case "rut" -> rut();
                    case "patente" -> patente();
                    case "cliente" -> cliente(p.maxLength());
                    case "hora" -> Iso.hora(registro ? horaExigida() : hora());
                    default -> textoOpcional(campo, p.maxLength());
                });
            }
            default -> {
                return v;
            }
        }
    }

    /** Required, trimmed text of at most {@code max} characters. */
    public String texto(String campo, Integer max) {
        String t = textoOpcional(campo, max);
        if (t == null) {
            throw falta(campo);
        }
        return t;
    }

    /**
     * Trimmed of every kind of space (Unicode's too, as a no-break space), then measured the way
     * the strictest store does: in UTF-16 units (H2 counts an emoji as two, PostgreSQL as one).
     */
    public String textoOpcional(String campo, Integer max) {
        JsonNode v = valor(campo);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw Rechazo.campo(campo, campo + " debe ser texto");
        }
        String t = recortar(v.textValue());
        if (t.isEmpty()) {
            throw Rechazo.campo(campo, campo + " no puede estar vacío");
        }
        if (max != null && t.length() > max) {
            throw Rechazo.campo(campo, largoExcedido(campo, max));
        }
        if (tieneControl(t)) {
            throw Rechazo.campo(campo, campo + " contiene caracteres de control");
        }
        if (!unicodeValido(t)) {
            throw Rechazo.campo(campo, campo + " contiene un carácter Unicode incompleto");
        }
        return t;
    }

    /**
     * A client's name as the statistics compare it: trimmed, in one Unicode form (é typed as one
     * character or as e + accent is the same client), lower-cased (which may lengthen it: İ is i + a dot).
     */
    public static String clave(String cliente) {
        return Normalizer.normalize(recortar(cliente), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** Strips leading and trailing spaces of every kind: Java's whitespace and Unicode's space separators. */
    static String recortar(String t) {
        int inicio = 0;
        int fin = t.length();
        while (inicio < fin && espacio(t.codePointAt(inicio))) {
            inicio += Character.charCount(t.codePointAt(inicio));
        }
        while (fin > inicio && espacio(t.codePointBefore(fin))) {
            fin -= Character.charCount(t.codePointBefore(fin));
        }
        return t.substring(inicio, fin);
    }

    private static boolean espacio(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0xFEFF;
    }

    /** No half of a surrogate pair on its own: it cannot be written as UTF-8 to Kafka or the store. */
    private static boolean unicodeValido(String t) {
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    /** A validated integer. */
    public int entero(String campo) {
        return campos.get(campo).intValue();
    }

    /** A validated number; -0 is 0 (a JSON -0 reads as the integer 0, a form's as -0.0: one sale, one digest). */
    public double decimal(String campo) {
        return campos.get(campo).doubleValue() + 0.0;
    }

    /** A validated text, null when absent. */
    public String texto(String campo) {
        JsonNode v = valor(campo);
        return v == null ? null : v.textValue();
    }

    /** Epoch seconds, as the position records carry them: from 2000-01-01 to a little after now. */
    public long segundos() {
        JsonNode v = valor("segundos");
        if (v == null) {
            throw falta("segundos");
        }
        long desde = PRIMER_DIA.atStartOfDay(zona).toEpochSecond();
        long hasta = reloj.instant().plus(adelanto).getEpochSecond();
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < desde || v.longValue() > hasta) {
            throw Rechazo.campo("segundos", "segundos debe ser un entero de segundos desde 1970, entre "
                    + desde + " y " + hasta);
        }
        return v.longValue();
    }

    /** {@code true/false}, {@code si/no}, {@code 1/0}; absent is false, as an unticked form checkbox sends nothing. */
    public boolean siNo(String campo) {
        JsonNode v = valor(campo);
        if (v == null) {
            return false;
        }
        Boolean b = siNo(v);
        if (b == null) {
            throw Rechazo.campo(campo, campo + " debe ser true/false, si/no o 1/0");
        }
        return b;
    }

    /** What a form (or a lenient producer) may send for a boolean; null when it is none of them. */
    private static Boolean siNo(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String t = v.isIntegralNumber() || v.isTextual() ? recortar(v.asText()).toLowerCase(Locale.ROOT) : "";
        return switch (t) {
            case "true", "si", "sí", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> null;
        };
    }

    /** The client's idempotency key, or a new UUID. */
    public String id() {
        String id = texto("id");
        return id == null ? UUID.randomUUID().toString() : id;
    }

    /**
     * The declared properties of {@code esquema} other than {@code conocidos} that were given, by
     * name (sorted), as validated: what a sale carries beyond its known fields.
     */
    public Map<String, Object> otros(Esquema esquema, Set<String> conocidos) {
        Map<String, Object> otros = new TreeMap<>();
        for (String campo : esquema.propiedades().keySet()) {
            JsonNode v = valor(campo);
            if (v != null && !conocidos.contains(campo)) {
                otros.put(campo, v.isTextual() ? v.textValue() : v.isNumber() ? v.numberValue()
                        : v.isBoolean() ? (Object) v.booleanValue() : v.toString());
            }
        }
        return otros;
    }

    /** The client's name; its key (lower-cased) must fit the store too. */
    public String cliente(Integer max) {
        String cliente = texto("cliente", max);
        if (max != null && clave(cliente).length() > max) {
            throw Rechazo.campo("cliente", "cliente admite a lo más " + max + " caracteres también en minúsculas");
        }
        return cliente;
    }

    /** Chilean RUT with a valid modulo-11 check digit, normalised to {@code 12345678-5}. */
    public String rut() {
        String t = texto("rut", 16).replace(".", "").replace("-", "").toUpperCase(Locale.ROOT);
        if (!RUT.matcher(t).matches()) {
            throw Rechazo.campo("rut", "rut debe tener la forma 12.345.678-5");
        }
        String cuerpo = t.substring(0, t.length() - 1);
        char dv = t.charAt(t.length() - 1);
        if (digitoVerificador(cuerpo) != dv) {
            throw Rechazo.campo("rut", "el dígito verificador del rut no corresponde");
        }
        return Long.parseLong(cuerpo) + "-" + dv;
    }

    /** The modulo-11 check digit of a RUT's digits. */
    public static char digitoVerificador(String cuerpo) {
        int suma = 0;
        int factor = 2;
        for (int i = cuerpo.length() - 1; i >= 0; i--) {
            suma += (cuerpo.charAt(i) - '0') * factor;
            factor = factor == 7 ? 2 : factor + 1;
        }
        int resto = 11 - suma % 11;
        return resto == 11 ? '0' : resto == 10 ? 'K' : (char) ('0' + resto);
    }

    /** A plate as the schema's pattern reads it: upper-cased. */
    public String patente() {
        return texto("patente", 6).toUpperCase(Locale.ROOT);
    }

    /**
     * A request's {@code hora}: ISO-8601 with offset, without offset (read in the zone), or a bare
     * {@code HH:MM[:SS]} (the latest such time of day: today, or yesterday when today's is still
     * ahead); absent means now. Accepted from {@code atraso} before the server's clock to
     * {@code adelanto} after it. Always returned in the zone.
     */
    public OffsetDateTime hora() {
        String h = textoOpcional("hora", 40);
        OffsetDateTime ahora = OffsetDateTime.now(reloj.withZone(zona)).truncatedTo(ChronoUnit.MILLIS);
        if (h == null) {
            return ahora;
        }
        OffsetDateTime hora = hora(h);
        OffsetDateTime desde = ahora.minus(atraso);
        OffsetDateTime hasta = ahora.plus(adelanto);
        if (hora.isBefore(desde) || hora.isAfter(hasta)) {
            throw Rechazo.campo("hora", "hora debe estar entre " + desde.truncatedTo(ChronoUnit.SECONDS) + " y "
                    + hasta.truncatedTo(ChronoUnit.SECONDS) + " (la hora del servidor es "
                    + ahora.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        return hora;
    }

    /**
     * A record's {@code hora}, which the producing route always sets. A record may be read long
     * after it was sent, so only what no sale can be is refused: before 2000 or ahead of the clock.
     */
    public OffsetDateTime horaExigida() {
        OffsetDateTime hora = hora(texto("hora", 40));
        if (hora.toLocalDate().isBefore(PRIMER_DIA)
                || hora.isAfter(OffsetDateTime.now(reloj.withZone(zona)).plus(adelanto))) {
            throw Rechazo.campo("hora", "hora " + hora + " está antes de " + PRIMER_DIA + " o en el futuro");
        }
        return hora;
    }

    private OffsetDateTime hora(String h) {
        try {
            OffsetDateTime exacta = HoraIso.leer(h); // the shape our routes write, read without the general parser
            if (exacta != null) {
                return exacta.atZoneSameInstant(zona).toOffsetDateTime();
            }
            if (HORA_DEL_DIA.matcher(h).matches()) {
                LocalTime t = LocalTime.parse(h.length() == 4 || h.length() == 7 ? "0" + h : h);
                OffsetDateTime hoy = LocalDate.now(reloj.withZone(zona)).atTime(t).atZone(zona).toOffsetDateTime();
                return hoy.isAfter(OffsetDateTime.now(reloj).plus(adelanto))
                        ? LocalDate.now(reloj.withZone(zona)).minusDays(1).atTime(t).atZone(zona).toOffsetDateTime()
                        : hoy;
            }
            if (CON_DESPLAZAMIENTO.matcher(h).matches()) {
                return OffsetDateTime.parse(h).atZoneSameInstant(zona).toOffsetDateTime();
            }
            return LocalDateTime.parse(h).atZone(zona).toOffsetDateTime();
        } catch (DateTimeException | ArithmeticException e) {
            throw Rechazo.campo("hora", "hora debe ser ISO-8601 (2026-11-20T10:15:00-03:00) o HH:MM");
        }
    }

    /*
     * The checks below run on every text of every request and record; as loops they cost a
     * fraction of the regular expressions they replace, which CamposTest keeps as their definition
     * and compares them with on generated text.
     */

    /** Control characters of every range (C0, C1: \p{Cc}) and Unicode's line and paragraph separators. */
    static boolean tieneControl(String t) {
        for (int i = 0; i < t.length(); i++) {
            int tipo = Character.getType(t.charAt(i));
            if (tipo == Character.CONTROL || tipo == Character.LINE_SEPARATOR || tipo == Character.PARAGRAPH_SEPARATOR) {
                return true;
            }
        }
        return false;
    }

    /** The refusal of a text longer than the store keeps. */
    static String largoExcedido(String campo, int max) {
        return campo + " admite a lo más " + max + " caracteres (un emoji cuenta por dos)";
    }

    /** The fields as the schema validator reads them (Jackson 3); a body's few fields, copied once. */
    static tools.jackson.databind.JsonNode comoJackson3(JsonNode v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v.isObject()) {
            tools.jackson.databind.node.ObjectNode o = f.objectNode();
            v.fields().forEachRemaining(e -> o.set(e.getKey(), comoJackson3(e.getValue())));
            return o;
        }
        if (v.isArray()) {
            tools.jackson.databind.node.ArrayNode a = f.arrayNode(v.size());
            v.forEach(e -> a.add(comoJackson3(e)));
            return a;
        }
        if (v.isTextual()) {
            return f.stringNode(v.textValue());
        }
        if (v.isBoolean()) {
            return f.booleanNode(v.booleanValue());
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? f.numberNode(v.longValue()) : f.numberNode(v.bigIntegerValue());
        }
        if (v.isBigDecimal()) {
            return f.numberNode(v.decimalValue());
        }
        return v.isNumber() ? f.numberNode(v.doubleValue()) : f.nullNode();
    }

    private static Rechazo falta(String campo) {
        return Rechazo.campo(campo, "falta el campo " + campo);
    }
}
