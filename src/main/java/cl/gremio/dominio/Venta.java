package cl.gremio.dominio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated sale and the four records it becomes (see the contract's topic table). */
public record Venta(String id, String carrito, String cliente, int cantidad, int stock,
        double latitud, double longitud, OffsetDateTime hora) {

    /**
     * The sale's content in 32 hex digits (the first 128 bits of a SHA-256), carried by each of its
     * four records as {@code huella}: the consumers store the parts of one (carrito, id) only
     * when they come from the same content (see {@code cl.gremio.almacen.Huellas}).
     */
    public String huella() {
        return huella(id, carrito, cantidad, hora, cliente, stock, latitud, longitud);
    }

    /**
     * The same digest from a sale record's fields, as a consumer reads them. Canonical: the instant
     * of {@code hora} (so an offset or a trailing zero changes nothing), numbers as Java prints
     * them, each field length-prefixed (no separator can be forged from inside a value).
     */
    public static String huella(String id, String carrito, int cantidad, OffsetDateTime hora, String cliente,
            int stock, double latitud, double longitud) {
        StringBuilder sb = new StringBuilder();
        for (Object campo : new Object[] {id, carrito, cantidad, hora.toInstant(), cliente, stock, latitud, longitud}) {
            String s = campo == null ? "-" : campo.toString();
            sb.append(s.length()).append(campo == null ? "" : ":").append(s).append(';');
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
