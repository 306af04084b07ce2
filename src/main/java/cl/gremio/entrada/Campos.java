package cl.gremio.entrada;

import java.time.Clock;
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
    private static final Pattern CARRITO = Pattern.compile("[A-Za-z0-9-]{1,16}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+");
    private static final Pattern PATENTE = Pattern.compile("[A-Z]{4}\\d{2}|[A-Z]{2}\\d{4}");
    private static final Pattern HORA_DEL_DIA = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");
    private static final Pattern CON_DESPLAZAMIENTO = Pattern.compile(".*(Z|[+-]\\d{2}:?\\d{2})$");
    private static final Pattern RUT = Pattern.compile("\\d{1,8}[0-9K]");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final ObjectNode campos;
    private final ZoneId zona;
    private final Clock reloj;

    Campos(ObjectNode campos, ZoneId zona, Clock reloj) {
        this.campos = campos;
        this.zona = zona;
        this.reloj = reloj;
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

    public String textoOpcional(String campo, int max) {
        JsonNode v = valor(campo);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw Rechazo.campo(campo, campo + " debe ser texto");
        }
        String t = v.textValue().strip();
        if (t.isEmpty()) {
            throw Rechazo.campo(campo, campo + " no puede estar vacío");
        }
        if (t.codePointCount(0, t.length()) > max) {
            throw Rechazo.campo(campo, campo + " admite a lo más " + max + " caracteres");
        }
        if (CONTROL.matcher(t).find()) {
            throw Rechazo.campo(campo, campo + " contiene caracteres de control");
        }
        return t;
    }

    public int entero(String campo, int min, int max) {
        JsonNode v = valor(campo);
        if (v == null) {
            throw falta(campo);
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.longValue();
        } else if (v.isTextual() && ENTERO.matcher(v.textValue().strip()).matches()) {
            n = Long.parseLong(v.textValue().strip());
        } else {
            throw fueraDeRango(campo, "un número entero", min, max);
        }
        if (n < min || n > max) {
            throw fueraDeRango(campo, "un número entero", min, max);
        }
        return (int) n;
    }

    /** Epoch seconds, as the position records carry them. */
    public long segundos() {
        JsonNode v = valor("segundos");
        if (v == null) {
            throw falta("segundos");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw Rechazo.campo("segundos", "segundos debe ser un entero de segundos desde 1970");
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
        } else if (v.isTextual() && DECIMAL.matcher(v.textValue().strip()).matches()) {
            d = Double.parseDouble(v.textValue().strip());
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
        String t = v.isIntegralNumber() || v.isTextual() ? v.asText().strip().toLowerCase(Locale.ROOT) : "";
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

    private static String id(String id) {
        if (!ID.matcher(id).matches()) {
            throw Rechazo.campo("id", "id admite 1 a 64 letras, dígitos o . _ : -");
        }
        return id;
    }

    public String carrito() {
        return carrito(texto("carrito", 16));
    }

    public String carritoOpcional() {
        String c = textoOpcional("carrito", 16);
        return c == null ? null : carrito(c);
    }

    private static String carrito(String c) {
        if (!CARRITO.matcher(c).matches()) {
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
     * {@code hora}: ISO-8601 with offset, without offset (read in the zone), or a bare
     * {@code HH:MM[:SS]} (today in the zone); absent means now. Always returned in the zone.
     */
    public OffsetDateTime hora() {
        String h = textoOpcional("hora", 40);
        return h == null ? OffsetDateTime.now(reloj.withZone(zona)).truncatedTo(ChronoUnit.MILLIS) : hora(h);
    }

    /** A record's {@code hora}, which the producing route always sets. */
    public OffsetDateTime horaExigida() {
        return hora(texto("hora", 40));
    }

    private OffsetDateTime hora(String h) {
        try {
            if (HORA_DEL_DIA.matcher(h).matches()) {
                LocalTime t = LocalTime.parse(h.length() == 4 || h.length() == 7 ? "0" + h : h);
                return LocalDate.now(reloj.withZone(zona)).atTime(t).atZone(zona).toOffsetDateTime();
            }
            if (CON_DESPLAZAMIENTO.matcher(h).matches()) {
                return OffsetDateTime.parse(h).atZoneSameInstant(zona).toOffsetDateTime();
            }
            return LocalDateTime.parse(h).atZone(zona).toOffsetDateTime();
        } catch (DateTimeException e) {
            throw Rechazo.campo("hora", "hora debe ser ISO-8601 (2026-11-20T10:15:00-03:00) o HH:MM");
        }
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
