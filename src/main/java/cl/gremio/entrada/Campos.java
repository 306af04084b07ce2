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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields of one request, JSON or form alike (form values arrive as text), read one by
 * one with the contract's rules. Each reader either returns a clean value or throws
 * {@link Rechazo} naming the field, in the users' language.
 */
public final class Campos {

    private static final Pattern ENTERO = Pattern.compile("[+-]?\\d{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,12}(\\.\\d{1,15})?([eE][+-]?\\d{1,3})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+");
    private static final Pattern PATENTE = Pattern.compile("[A-Z]{4}\\d{2}|[A-Z]{2}\\d{4}");
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

    /** Required, trimmed text of at most {@code max} characters. */
    public String texto(String campo, int max) {
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
    public String textoOpcional(String campo, int max) {
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
        if (t.length() > max) {
            throw Rechazo.campo(campo, campo + " admite a lo más " + max + " caracteres (un emoji cuenta por dos)");
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

    public int entero(String campo, int min, int max) {
        JsonNode v = valor(campo);
        if (v == null) {
            throw falta(campo);
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.longValue();
        } else if (v.isTextual() && ENTERO.matcher(recortar(v.textValue())).matches()) {
            n = Long.parseLong(recortar(v.textValue()));
        } else {
            throw fueraDeRango(campo, "un número entero", min, max);
        }
        if (n < min || n > max) {
            throw fueraDeRango(campo, "un número entero", min, max);
        }
        return (int) n;
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

    public double decimal(String campo, double min, double max) {
        JsonNode v = valor(campo);
        if (v == null) {
            throw falta(campo);
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && DECIMAL.matcher(recortar(v.textValue())).matches()) {
            d = Double.parseDouble(recortar(v.textValue()));
        } else {
            throw fueraDeRango(campo, "un número", min, max);
        }
        if (!Double.isFinite(d) || d < min || d > max) {
            throw fueraDeRango(campo, "un número", min, max);
        }
        return d;
    }

    /** {@code true/false}, {@code si/no}, {@code 1/0}; absent is false, as an unticked form checkbox sends nothing. */
    public boolean siNo(String campo) {
        JsonNode v = valor(campo);
        if (v == null) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String t = v.isIntegralNumber() || v.isTextual() ? recortar(v.asText()).toLowerCase(Locale.ROOT) : "";
        return switch (t) {
            case "true", "si", "sí", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw Rechazo.campo(campo, campo + " debe ser true/false, si/no o 1/0");
        };
    }

    /** The client's idempotency key, or a new UUID. */
    public String id() {
        String id = textoOpcional("id", 64);
        return id == null ? UUID.randomUUID().toString() : id(id);
    }

    /** A record's id, which every record we produce carries. */
    public String idExigido() {
        return id(texto("id", 64));
    }

    /** The id a record may carry (a position from another producer need not); null when absent. */
    public String idOpcional() {
        String id = textoOpcional("id", 64);
        return id == null ? null : id(id);
    }

    /** The digest of a sale's content a record may carry (see {@code Venta#huella}); null when absent. */
    public String huellaOpcional() {
        String huella = textoOpcional("huella", 32);
        if (huella != null && !huella.matches("[0-9a-f]{32}")) {
            throw Rechazo.campo("huella", "huella es el resumen de la venta: 32 dígitos hexadecimales en minúscula");
        }
        return huella;
    }

    private static String id(String id) {
        if (!soloLetrasDigitosY(id, 64, "._:-")) {
            throw Rechazo.campo("id", "id admite 1 a 64 letras, dígitos o . _ : -");
        }
        return id;
    }

    /** The client's name; its key (lower-cased) must fit the store too. */
    public String cliente() {
        String cliente = texto("cliente", 80);
        if (clave(cliente).length() > 80) {
            throw Rechazo.campo("cliente", "cliente admite a lo más 80 caracteres también en minúsculas");
        }
        return cliente;
    }

    public String carrito() {
        return carrito(texto("carrito", 16));
    }

    public String carritoOpcional() {
        String c = textoOpcional("carrito", 16);
        return c == null ? null : carrito(c);
    }

    private static String carrito(String c) {
        if (!soloLetrasDigitosY(c, 16, "-")) {
            throw Rechazo.campo("carrito", "carrito admite 1 a 16 letras, dígitos o guiones");
        }
        return c;
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

    public String email() {
        String e = texto("email", 254);
        if (!EMAIL.matcher(e).matches()) {
            throw Rechazo.campo("email", "email no es una dirección válida");
        }
        return e;
    }

    public String patente() {
        String p = texto("patente", 6).toUpperCase(Locale.ROOT);
        if (!PATENTE.matcher(p).matches()) {
            throw Rechazo.campo("patente", "patente debe ser como BBBB12 o AB1234");
        }
        return p;
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

    /** 1 to max characters, each an ASCII letter or digit or one of {@code otros}: [A-Za-z0-9otros]{1,max}. */
    static boolean soloLetrasDigitosY(String t, int max, String otros) {
        if (t.isEmpty() || t.length() > max) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || otros.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Built only when a value is refused: entero and decimal run for every request and record. */
    private static Rechazo fueraDeRango(String campo, String clase, double min, double max) {
        return Rechazo.campo(campo, campo + " debe ser " + clase + " entre " + fmt(min) + " y " + fmt(max));
    }

    private static Rechazo falta(String campo) {
        return Rechazo.campo(campo, "falta el campo " + campo);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
