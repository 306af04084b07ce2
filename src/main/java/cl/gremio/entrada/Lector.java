package cl.gremio.entrada;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * Reads the records the consumer routes take from Kafka into the named parameters of their
 * SQL. A record that breaks the contract (not JSON, a field missing or wrong) is refused with
 * {@link Rechazo}, which sends it to the dead-letter topic. Same field rules as the HTTP side.
 */
public class Lector {

    private final Validador validador;

    public Lector(Validador validador) {
        this.validador = validador;
    }

    private Campos campos(Exchange exchange) {
        return validador.registro(exchange.getMessage().getBody(byte[].class));
    }

    /** NuevaVenta/0. */
    public Map<String, Object> venta(Exchange exchange) {
        Campos c = campos(exchange);
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.carrito());
        m.put("id", c.idExigido());
        m.put("cantidad", c.entero("cantidad", 1, 1000));
        m.put("hora", c.horaExigida());
        m.put("cliente", c.textoOpcional("cliente", 80));
        m.put("stock", c.entero("stock", 0, Integer.MAX_VALUE));
        m.put("latitud", c.decimal("latitud", -90, 90));
        m.put("longitud", c.decimal("longitud", -180, 180));
        return m;
    }

    /** NuevaVenta/1; {@code clave} is the name as the statistics compare it: trimmed, case-insensitive. */
    public Map<String, Object> cliente(Exchange exchange) {
        Campos c = campos(exchange);
        String cliente = c.cliente();
        return Map.of("carrito", c.carrito(), "id", c.idExigido(), "cliente", cliente,
                "clave", Campos.clave(cliente), "cantidad", c.entero("cantidad", 1, 1000));
    }

    /** Ubicacion/0; {@code hora} is {@code segundos} as an instant. */
    public Map<String, Object> posicion(Exchange exchange) {
        Campos c = campos(exchange);
        long segundos = c.segundos();
        return Map.of("carrito", c.carrito(), "latitud", c.decimal("latitud", -90, 90),
                "longitud", c.decimal("longitud", -180, 180), "segundos", segundos,
                "hora", OffsetDateTime.ofInstant(Instant.ofEpochSecond(segundos), ZoneOffset.UTC));
    }

    /** Ubicacion/1; {@code carrito} may be unknown. */
    public Map<String, Object> aviso(Exchange exchange) {
        Campos c = campos(exchange);
        Map<String, Object> m = new HashMap<>();
        m.put("id", c.idExigido());
        m.put("carrito", c.carritoOpcional());
        m.put("latitud", c.decimal("latitud", -90, 90));
        m.put("longitud", c.decimal("longitud", -180, 180));
        m.put("hora", c.horaExigida());
        return m;
    }

    /** Stock/0 and Stock/1. */
    public Map<String, Object> stock(Exchange exchange) {
        Campos c = campos(exchange);
        return Map.of("carrito", c.carrito(), "id", c.idExigido(), "stock", c.entero("stock", 0, Integer.MAX_VALUE),
                "hora", c.horaExigida());
    }

    /** NuevoMiembro/0 and /1. */
    public Map<String, Object> miembro(Exchange exchange) {
        return Validador.miembro(campos(exchange)).solicitud();
    }
}
