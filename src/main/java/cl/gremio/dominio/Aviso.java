package cl.gremio.dominio;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated "carrito prófugo" report (Ubicacion/1); {@code carrito} may be unknown. */
public record Aviso(String id, String carrito, double latitud, double longitud, OffsetDateTime hora) {

    public Map<String, Object> reporte() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("carrito", carrito);
        m.put("latitud", latitud);
        m.put("longitud", longitud);
        m.put("hora", Iso.hora(hora));
        return m;
    }

    /** Record key: the cart when known, else the report's own id (spreads anonymous reports). */
    public String clave() {
        return carrito != null ? carrito : id;
    }
}
