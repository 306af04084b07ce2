package cl.gremio.entrada;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;

/**
 * Writes per client address and minute ({@code gremio.http.limite-por-minuto}; 0 = no limit).
 * Over the limit a request gets 429 with Retry-After and reaches nothing. A fixed one-minute
 * window: cheap, and enough to keep one misbehaving client from crowding out the carts.
 */
public class Limite {

    public static final String DIRECCION = "CamelVertxPlatformHttpRemoteAddress";

    private final int porMinuto;
    private final long ventanaMs;
    private final Map<String, AtomicInteger> cuentas = new ConcurrentHashMap<>();
    private volatile long minuto;

    /** {@code porMinuto} writes per address in each window of {@code ventanaSegundos} (a minute; Retry-After says it too). */
    public Limite(int porMinuto, int ventanaSegundos) {
        this.porMinuto = porMinuto;
        this.ventanaMs = ventanaSegundos * 1000L;
    }

    public void controlar(Exchange exchange) {
        if (porMinuto <= 0) {
            return;
        }
        long ahora = System.currentTimeMillis() / ventanaMs;
        if (ahora != minuto) {
            minuto = ahora;
            cuentas.clear();
        }
        Object direccion = exchange.getMessage().getHeader(DIRECCION);
        String cliente = direccion instanceof SocketAddress s ? s.host() : String.valueOf(direccion);
        if (cuentas.computeIfAbsent(cliente, k -> new AtomicInteger()).incrementAndGet() > porMinuto) {
            throw new Rechazo(429, null, "demasiadas solicitudes desde " + cliente + " (más de " + porMinuto
                    + " por minuto); espere un minuto");
        }
    }
}
