package cl.gremio.web;

import java.util.LinkedHashMap;
import java.util.Map;

import cl.gremio.dominio.Aviso;
import cl.gremio.dominio.Miembro;
import cl.gremio.dominio.Venta;
import org.apache.camel.Header;
import org.apache.camel.Variable;

/**
 * The bodies of the answers the routes give, as values: routes/respuestas.camel.yaml turns
 * them into JSON. Nothing here writes JSON by hand, so no value can break out of its string.
 */
public class Respuestas {

    private final int reintentarEn;

    /** {@code reintentarEn}: the seconds a 503's Retry-After gives (gremio.http.retry-after). */
    public Respuestas(int reintentarEn) {
        this.reintentarEn = reintentarEn;
    }

    /** 202 of a sale: its id (the client's or the generated one) and whether it asked for replenishment. */
    public Map<String, Object> venta(@Variable("venta") Venta venta, @Variable("reposicion") boolean reposicion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", venta.id());
        m.put("reposicion", reposicion);
        return m;
    }

    /** 202 of an application: its normalised RUT, premium, and the partition it went to. */
    public Map<String, Object> miembro(@Variable("miembro") Miembro miembro,
            @Header("kafka.PARTITION_KEY") int particion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rut", miembro.rut());
        m.put("premium", miembro.premium());
        m.put("particion", particion);
        return m;
    }

    /** 202 of a prófugo report. */
    public Map<String, Object> aviso(@Variable("aviso") Aviso aviso) {
        return Map.of("id", aviso.id());
    }

    /**
     * 503: the write was not acknowledged (Kafka did not answer in time, or in development the
     * route it needed was being reloaded); nothing is promised. The answer names what to retry with: the id given or
     * generated (the RUT for an application), so a client that sent none can retry without
     * writing twice.
     */
    public Map<String, Object> noConfirmada(@Variable("venta") Venta venta, @Variable("aviso") Aviso aviso,
            @Variable("miembro") Miembro miembro) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (miembro != null) {
            m.put("error", "la escritura no quedó confirmada; reintente en " + reintentarEn
                    + " s (la solicitud se identifica por su rut)");
            m.put("rut", miembro.rut());
        } else {
            m.put("error", "la escritura no quedó confirmada; reintente" + (venta != null || aviso != null
                    ? " con el mismo id" : "") + " en " + reintentarEn + " s");
            if (venta != null || aviso != null) {
                m.put("id", venta != null ? venta.id() : aviso.id());
            }
        }
        return m;
    }

    /** 500: our fault; the detail is in the log, not in the answer. */
    public Map<String, Object> errorInterno() {
        return Map.of("error", "error interno; el detalle quedó en el registro del servidor");
    }
}
