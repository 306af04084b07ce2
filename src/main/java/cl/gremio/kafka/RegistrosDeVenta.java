package cl.gremio.kafka;

import java.util.List;
import java.util.Map;

import cl.gremio.dominio.Venta;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * The four records a sale becomes (the contract's topic table, or the partitioned layout's
 * topics: {@link Disposicion}), as JSON, keyed by cart, each with its topic and partition, so that one Kafka send takes all four and the 202 waits for
 * them together. Built in one step because it is the hot path: as four routes joined by a
 * multicast it cost a copy of the exchange, a reflective expression and a marshal through a
 * stream cache per record (profiled: about a third of the HTTP threads' time).
 */
public class RegistrosDeVenta {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Disposicion disposicion;

    /** The layout says each record's topic and partition ({@link Disposicion}). */
    public RegistrosDeVenta(Disposicion disposicion) {
        this.disposicion = disposicion;
    }

    /** {@code particionStock}: 1 when the sale asks for replenishment, else 0 (the route decides). */
    public List<Message> armar(Exchange exchange, @Variable("venta") Venta venta,
            @Variable("particionStock") int particionStock) throws JsonProcessingException {
        // one digest of the content for all four: each consumer stores its part only if the
        // (carrito, id) is not already claimed by another content
        String huella = venta.huella();
        return List.of(
                registro(exchange, "ventas", 0, venta, venta.registro(huella)),
                registro(exchange, "ventas", 1, venta, venta.parteCliente(huella)),
                registro(exchange, "ubicacion", 0, venta, venta.posicion(huella)),
                registro(exchange, "stock", particionStock, venta, venta.reporteStock(huella)));
    }

    private Message registro(Exchange exchange, String flujo, int contenido, Venta venta,
            Map<String, Object> cuerpo) throws JsonProcessingException {
        Message m = new DefaultMessage(exchange);
        m.setHeader(KafkaConstants.OVERRIDE_TOPIC, disposicion.topico(flujo, contenido));
        m.setHeader(KafkaConstants.PARTITION_KEY, disposicion.particion(contenido, venta.carrito()));
        m.setHeader(KafkaConstants.KEY, venta.carrito());
        m.setBody(JSON.writeValueAsString(cuerpo));
        return m;
    }
}
