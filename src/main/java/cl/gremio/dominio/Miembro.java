package cl.gremio.dominio;

import java.util.Map;

/** A validated membership application (NuevoMiembro; the route picks the partition from {@code premium}). */
public record Miembro(String nombre, String apellido, String rut, String email, String patente, boolean premium) {

    public Map<String, Object> solicitud() {
        return Map.of("nombre", nombre, "apellido", apellido, "rut", rut, "email", email,
                "patente", patente, "premium", premium);
    }
}
