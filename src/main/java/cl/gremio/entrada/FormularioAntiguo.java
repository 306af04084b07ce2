package cl.gremio.entrada;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The original system's form endpoints ({@code POST /NuevaVenta}, {@code /NuevoMiembro},
 * {@code /Aviso}) keep working: their field names are renamed to the contract's, and the
 * request then takes the very same route as the JSON API (validation included).
 */
public class FormularioAntiguo {

    private final Validador validador;

    public FormularioAntiguo(Validador validador) {
        this.validador = validador;
    }

    private static final Map<String, String> VENTA = Map.of("Latitud", "latitud", "Longitud", "longitud");
    private static final Map<String, String> MIEMBRO = Map.of("name", "nombre", "lastname", "apellido");
    private static final Map<String, String> AVISO = Map.of("LatitudAviso", "latitud", "LongitudAviso", "longitud",
            "horaAviso", "hora");

    /** {@code segundos} of the old form is not needed: the position's time is the sale's {@code hora}. */
    public void venta(Exchange exchange) {
        renombrar(exchange.getMessage(), VENTA);
    }

    public void miembro(Exchange exchange) {
        renombrar(exchange.getMessage(), MIEMBRO);
    }

    public void aviso(Exchange exchange) {
        renombrar(exchange.getMessage(), AVISO);
    }

    private void renombrar(Message message, Map<String, String> nombres) {
        if (String.valueOf(Cabeceras.deLaPeticion(message, Exchange.CONTENT_TYPE)).toLowerCase(Locale.ROOT)
                .startsWith("application/json")) {
            // an empty, oversized or broken body is refused here as the API refuses it
            ObjectNode campos = validador.json(message.getBody(byte[].class));
            nombres.forEach((viejo, nuevo) -> {
                if (campos.has(viejo)) {
                    repetido(campos.has(nuevo), viejo, nuevo);
                    campos.set(nuevo, campos.remove(viejo));
                }
            });
            message.setBody(campos.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Map<String, List<String>> renombrado = new LinkedHashMap<>();
        Validador.formularioDe(message).forEach((k, v) -> {
            String nuevo = nombres.getOrDefault(k, k);
            repetido(renombrado.containsKey(nuevo), k, nuevo);
            renombrado.put(nuevo, v);
        });
        message.setBody(renombrado);
    }

    /** The old name and the new one both sent: one would silently win, so neither does. */
    private static void repetido(boolean ambos, String viejo, String nuevo) {
        if (ambos) {
            throw Rechazo.campo(nuevo, nuevo + " viene repetido (como " + viejo + " y " + nuevo + ")");
        }
    }
}
