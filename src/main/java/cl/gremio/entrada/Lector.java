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
 * SQL. Each is validated against its schema in {@code config/esquemas/} with the same Java rules
 * as the HTTP side ({@link Campos#normal}). A record that breaks the contract (not JSON, a field
 * missing or wrong) is refused with {@link Rechazo}, which sends it to the dead-letter topic.
 */
public class Lector {

    private final Validador validador;
    private final Esquema venta;
    private final Esquema ventaCliente;
    private final Esquema posicion;
    private final Esquema aviso;
    private final Esquema stock;
    private final Esquema miembro;

    public Lector(Validador validador) {
        this.validador = validador;
        this.venta = validador.esquema("venta");
        this.ventaCliente = validador.esquema("venta-cliente");
        this.posicion = validador.esquema("posicion");
        this.aviso = validador.esquema("aviso");
        this.stock = validador.esquema("stock");
        this.miembro = validador.esquema("miembro");
    }

    private Campos campos(Exchange exchange, Esquema esquema) {
        return validador.registro(exchange.getMessage().getBody(byte[].class), esquema);
    }

    /**
     * NuevaVenta/0: every property venta.json declares, by its name (null when the record has
     * none), so the sale's SQL may name any. It holds the whole sale, so its {@code huella} is
     * always computed from it; one it carries must be that one (another digest means a producer
     * that reads sales differently).
     */
    public Map<String, Object> venta(Exchange exchange) {
        Campos c = campos(exchange, venta);
        Map<String, Object> m = new HashMap<>();
        venta.propiedades().keySet().forEach(campo -> m.put(campo, null));
        Map<String, Object> otros = c.otros(venta, Venta.CAMPOS);
        m.putAll(otros);
        String carrito = c.texto("carrito");
        String id = c.texto("id");
        int cantidad = c.entero("cantidad");
        OffsetDateTime hora = c.horaExigida();
        String cliente = c.texto("cliente");
        int stock = c.entero("stock");
        double latitud = c.decimal("latitud");
        double longitud = c.decimal("longitud");
        String huella = Venta.huella(id, carrito, cantidad, hora, cliente, stock, latitud, longitud, otros);
        String llevada = c.texto("huella");
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
        Campos c = campos(exchange, ventaCliente);
        String cliente = c.texto("cliente");
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.texto("carrito"));
        m.put("id", c.texto("id"));
        m.put("cliente", cliente);
        m.put("clave", Campos.clave(cliente));
        m.put("cantidad", c.entero("cantidad"));
        m.put("huella", c.texto("huella"));
        return m;
    }

    /**
     * Ubicacion/0; {@code hora} is {@code segundos} as an instant. {@code id} and {@code huella} are
     * its sale's, or null (a position from another producer need not be part of a sale).
     */
    public Map<String, Object> posicion(Exchange exchange) {
        Campos c = campos(exchange, posicion);
        long segundos = c.segundos();
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.texto("carrito"));
        m.put("latitud", c.decimal("latitud"));
        m.put("longitud", c.decimal("longitud"));
        m.put("segundos", segundos);
        m.put("hora", OffsetDateTime.ofInstant(Instant.ofEpochSecond(segundos), ZoneOffset.UTC));
        m.put("id", c.texto("id"));
        m.put("huella", c.texto("huella"));
        return m;
    }

    /** Ubicacion/1; {@code carrito} may be unknown. */
    public Map<String, Object> aviso(Exchange exchange) {
        Campos c = campos(exchange, aviso);
        Map<String, Object> m = new HashMap<>();
        m.put("id", c.texto("id"));
        m.put("carrito", c.texto("carrito"));
        m.put("latitud", c.decimal("latitud"));
        m.put("longitud", c.decimal("longitud"));
        m.put("hora", c.horaExigida());
        return m;
    }

    /** Stock/0 and Stock/1; {@code huella} (null if the producer sent none) is its sale's. */
    public Map<String, Object> stock(Exchange exchange) {
        Campos c = campos(exchange, stock);
        Map<String, Object> m = new HashMap<>();
        m.put("carrito", c.texto("carrito"));
        m.put("id", c.texto("id"));
        m.put("stock", c.entero("stock"));
        m.put("hora", c.horaExigida());
        m.put("huella", c.texto("huella"));
        return m;
    }

    /** NuevoMiembro/0 and /1. */
    public Map<String, Object> miembro(Exchange exchange) {
        return Validador.miembro(campos(exchange, miembro)).solicitud();
    }
}
