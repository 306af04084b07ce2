package cl.gremio.entrada;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import cl.gremio.dominio.Venta;
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

    /**
     * NuevaVenta/0. It holds the whole sale, so its {@code huella} is always computed from it; one
     * it carries must be that one (another digest means a producer that reads sales differently).
     */
    public Map<String, Object> venta(Exchange exchange) {
        Campos c = campos(exchange);
        Map<String, Object> m = new HashMap<>();
        String carrito = c.carrito();
        String id = c.idExigido();
        int cantidad = c.entero("cantidad", 1, 1000);
        OffsetDateTime hora = c.horaExigida();
        String cliente = c.textoOpcional("cliente", 80);
        int stock = c.entero("stock", 0, Integer.MAX_VALUE);
        double latitud = c.decimal("latitud", -90, 90);
        double longitud = c.decimal("longitud", -180, 180);
        String huella = Venta.huella(id, carrito, cantidad, hora, cliente, stock, latitud, longitud);
        String llevada = c.huellaOpcional();
        if (llevada != null && !llevada.equals(huella)) {
            throw Rechazo.campo("huella", "huella " + llevada + " no es la de esta venta (" + huella + ")");
        }
        m.put("carrito", carrito);
        m.put("id", id);
        m.put("cantidad", cantidad);
        m.put("hora", hora);
        m.put("cliente", cliente);
        m.put("stock", stock);
        m.put("latitud", latitud);
        m.put("longitud", longitud);
        m.put("huella", huella);
        return m;
    }

    /**
     * NuevaVenta/1; {@code clave} is the name as the statistics compare it: trimmed, case-insensitive.
     * {@code huella} (null if the producer sent none) is its sale's.
     */
    public Map<String, Object> cliente(Exchange exchange) {
        Campos c = campos(exchange);
        String cliente = c.cliente();
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.carrito());
        m.put("id", c.idExigido());
        m.put("cliente", cliente);
        m.put("clave", Campos.clave(cliente));
        m.put("cantidad", c.entero("cantidad", 1, 1000));
        m.put("huella", c.huellaOpcional());
        return m;
    }

    /**
     * Ubicacion/0; {@code hora} is {@code segundos} as an instant. {@code id} and {@code huella} are
     * its sale's, or null (a position from another producer need not be part of a sale).
     */
    public Map<String, Object> posicion(Exchange exchange) {
        Campos c = campos(exchange);
        long segundos = c.segundos();
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.carrito());
        m.put("latitud", c.decimal("latitud", -90, 90));
        m.put("longitud", c.decimal("longitud", -180, 180));
        m.put("segundos", segundos);
        m.put("hora", OffsetDateTime.ofInstant(Instant.ofEpochSecond(segundos), ZoneOffset.UTC));
        m.put("id", c.idOpcional());
        m.put("huella", c.huellaOpcional());
        return m;
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

    /** Stock/0 and Stock/1; {@code huella} (null if the producer sent none) is its sale's. */
    public Map<String, Object> stock(Exchange exchange) {
        Campos c = campos(exchange);
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.carrito());
        m.put("id", c.idExigido());
        m.put("stock", c.entero("stock", 0, Integer.MAX_VALUE));
        m.put("hora", c.horaExigida());
        m.put("huella", c.huellaOpcional());
        return m;
    }

    /** NuevoMiembro/0 and /1. */
    public Map<String, Object> miembro(Exchange exchange) {
        return Validador.miembro(campos(exchange)).solicitud();
    }
}
