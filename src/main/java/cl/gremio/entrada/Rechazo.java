package cl.gremio.entrada;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request we refuse, with its HTTP status: 400 (a field is wrong), 401, 404, 409, 413
 * (too large) or 415 (not JSON nor a form). Thrown before anything reaches Kafka; the routes
 * turn it into the contract's error body. A consumer refuses a record with it too: that
 * record goes to the dead-letter topic.
 */
public class Rechazo extends RuntimeException {

    private final int estado;
    private final String campo;

    public Rechazo(int estado, String campo, String mensaje) {
        super(mensaje);
        this.estado = estado;
        this.campo = campo;
    }

    public static Rechazo campo(String campo, String mensaje) {
        return new Rechazo(400, campo, mensaje);
    }

    public static Rechazo noEncontrado(String mensaje) {
        return new Rechazo(404, null, mensaje);
    }

    public static Rechazo conflicto(String campo, String mensaje) {
        return new Rechazo(409, campo, mensaje);
    }

    public int getEstado() {
        return estado;
    }

    public String getCampo() {
        return campo;
    }

    /** {@code {"error": "...", "campo": "..."}}; {@code campo} is null when no single field is at fault. */
    public Map<String, Object> getCuerpo() {
        Map<String, Object> cuerpo = new LinkedHashMap<>();
        cuerpo.put("error", getMessage());
        cuerpo.put("campo", campo);
        return cuerpo;
    }
}
