package cl.gremio.entrada;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request we refuse before anything reaches Kafka: 400 (a field is wrong), 413 (too large)
 * or 415 (not JSON nor a form). The routes turn it into the contract's error body.
 */
public class EntradaInvalida extends RuntimeException {

    private final int estado;
    private final String campo;

    public EntradaInvalida(int estado, String campo, String mensaje) {
        super(mensaje);
        this.estado = estado;
        this.campo = campo;
    }

    public static EntradaInvalida campo(String campo, String mensaje) {
        return new EntradaInvalida(400, campo, mensaje);
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
