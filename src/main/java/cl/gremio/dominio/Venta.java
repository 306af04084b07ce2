package cl.gremio.dominio;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated sale and the four records it becomes (see the contract's topic table). */
public record Venta(String id, String carrito, String cliente, int cantidad, int stock,
        double latitud, double longitud, OffsetDateTime hora) {

    /** NuevaVenta/0: the sale itself. */
    public Map<String, Object> registro() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("carrito", carrito);
        m.put("cantidad", cantidad);
        m.put("hora", Iso.hora(hora));
        m.put("cliente", cliente);
        m.put("stock", stock);
        m.put("latitud", latitud);
        m.put("longitud", longitud);
        return m;
    }

    /** NuevaVenta/1: the client part. */
    public Map<String, Object> parteCliente() {
        return Map.of("id", id, "carrito", carrito, "cliente", cliente, "cantidad", cantidad);
    }

    /** Ubicacion/0: the cart's real-time position. */
    public Map<String, Object> posicion() {
        return Map.of("id", id, "carrito", carrito, "latitud", latitud, "longitud", longitud,
                "segundos", hora.toEpochSecond());
    }

    /** Stock/0 or Stock/1: the remaining stock (the route picks the partition). */
    public Map<String, Object> reporteStock() {
        return Map.of("id", id, "carrito", carrito, "stock", stock, "hora", Iso.hora(hora));
    }
}
