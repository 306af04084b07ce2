package cl.gremio.almacen;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows from the SQL component as the API shows them: instants in the guild's zone as
 * ISO-8601 with offset (H2 and PostgreSQL hand them over as different Java types).
 */
public class Filas {

    private final ZoneId zona;

    public Filas(ZoneId zona) {
        this.zona = zona;
    }

    public List<Map<String, Object>> legibles(List<Map<String, Object>> filas) {
        List<Map<String, Object>> salida = new ArrayList<>(filas.size());
        for (Map<String, Object> fila : filas) {
            Map<String, Object> m = new LinkedHashMap<>();
            fila.forEach((k, v) -> m.put(k, valor(v)));
            salida.add(m);
        }
        return salida;
    }

    /** GET /api/mapa's body: the three lists as the API shows rows, and the server's clock to age them by. */
    public Map<String, Object> mapa(List<Map<String, Object>> carritos, List<Map<String, Object>> avisos,
            List<Map<String, Object>> reposiciones) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ahora", hora(OffsetDateTime.now(zona)));
        m.put("carritos", legibles(carritos));
        m.put("avisos", legibles(avisos));
        m.put("reposiciones", legibles(reposiciones));
        return m;
    }

    public String hora(Object v) {
        OffsetDateTime t = v instanceof Timestamp ts ? ts.toInstant().atZone(zona).toOffsetDateTime()
                : ((OffsetDateTime) v).atZoneSameInstant(zona).toOffsetDateTime();
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private Object valor(Object v) {
        if (v instanceof Timestamp || v instanceof OffsetDateTime) {
            return hora(v);
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return v;
    }
}
