package cl.gremio.dominio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A validated sale and the four records it becomes (see the contract's topic table). {@code otros}:
 * the properties beyond the known fields that config/esquemas/solicitud-venta.json declares and
 * the request gave, by name, as validated; the sale record carries them.
 */
public record Venta(String id, String carrito, String cliente, int cantidad, int stock,
        double latitud, double longitud, OffsetDateTime hora, Map<String, Object> otros) {

    /** The fields Java knows a sale by (and its digest); any other declared property is one of {@code otros}. */
    public static final Set<String> CAMPOS = Set.of("id", "carrito", "cliente", "cantidad", "stock", "latitud",
            "longitud", "hora", "huella");

    /**
     * The sale's content in 32 hex digits (the first 128 bits of a SHA-256), carried by each of its
     * four records as {@code huella}: the consumers store the parts of one (carrito, id) only
     * when they come from the same content (see {@code cl.gremio.almacen.Huellas}).
     */
    public String huella() {
        return huella(id, carrito, cantidad, hora, cliente, stock, latitud, longitud, otros);
    }

    /**
     * The same digest from a sale record's fields, as a consumer reads them. Canonical: the instant
     * of {@code hora} (so an offset or a trailing zero changes nothing), numbers as Java prints
     * them, each field length-prefixed (no separator can be forged from inside a value).
     */
    public static String huella(String id, String carrito, int cantidad, OffsetDateTime hora, String cliente,
            int stock, double latitud, double longitud) {
        return huella(id, carrito, cantidad, hora, cliente, stock, latitud, longitud, Map.of());
    }

    /**
     * With {@code otros} (the other properties, sorted by name) appended, name then value: a sale
     * without any keeps the digest it always had, which stored claims are compared with.
     */
    public static String huella(String id, String carrito, int cantidad, OffsetDateTime hora, String cliente,
            int stock, double latitud, double longitud, Map<String, Object> otros) {
        StringBuilder sb = new StringBuilder();
        for (Object campo : new Object[] {id, carrito, cantidad, hora.toInstant(), cliente, stock, latitud, longitud}) {
            parte(sb, campo);
        }
        new java.util.TreeMap<>(otros).forEach((campo, valor) -> {
            parte(sb, campo);
            parte(sb, valor);
        });
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One value, length-prefixed: no separator can be forged from inside a value. */
    private static void parte(StringBuilder sb, Object campo) {
        String s = campo == null ? "-" : campo.toString();
        sb.append(s.length()).append(campo == null ? "" : ":").append(s).append(';');
    }

    /** NuevaVenta/0: the sale itself. */
    public Map<String, Object> registro(String huella) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("carrito", carrito);
        m.put("cantidad", cantidad);
        m.put("hora", Iso.hora(hora));
        m.put("cliente", cliente);
        m.put("stock", stock);
        m.put("latitud", latitud);
        m.put("longitud", longitud);
        m.putAll(otros);
        m.put("huella", huella);
        return m;
    }

    /** NuevaVenta/1: the client part. */
    public Map<String, Object> parteCliente(String huella) {
        return Map.of("id", id, "carrito", carrito, "cliente", cliente, "cantidad", cantidad, "huella", huella);
    }

    /** Ubicacion/0: the cart's real-time position. */
    public Map<String, Object> posicion(String huella) {
        return Map.of("id", id, "carrito", carrito, "latitud", latitud, "longitud", longitud,
                "segundos", hora.toEpochSecond(), "huella", huella);
    }

    /** Stock/0 or Stock/1: the remaining stock (the route picks the partition). */
    public Map<String, Object> reporteStock(String huella) {
        return Map.of("id", id, "carrito", carrito, "stock", stock, "hora", Iso.hora(hora), "huella", huella);
    }
}
