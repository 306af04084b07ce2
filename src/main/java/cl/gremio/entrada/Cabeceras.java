package cl.gremio.entrada;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The one place that decides which HTTP headers cross the boundary, for every route
 * (platform-http's header filter strategy, set in config/application.properties).
 * <ul>
 * <li>In: nothing. Request headers and query parameters never become message headers, so no
 * value a client sends can be written back as a response header (platform-http writes the
 * message's headers into the response) or travel on to Kafka. What a route needs from the
 * request (Content-Type, Authorization, Origin) it reads from the request itself: {@link #deLaPeticion}.</li>
 * <li>Out: only the headers our routes set, by name.</li>
 * </ul>
 */
public class Cabeceras implements HeaderFilterStrategy {

    /** Every response header a route of ours sets. */
    static final Set<String> DE_RESPUESTA = Set.of("content-type", "retry-after", "www-authenticate",
            "cache-control", "link", "x-total-count", "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy");

    /** true = left out. Camel's own headers (CamelHttpResponseCode, ...) are read by the component, not written. */
    @Override
    public boolean applyFilterToCamelHeaders(String nombre, Object valor, Exchange exchange) {
        return !DE_RESPUESTA.contains(nombre.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String nombre, Object valor, Exchange exchange) {
        return true;
    }

    /**
     * A header of the HTTP request this exchange answers, as the client sent it (never a query
     * parameter of the same name); outside HTTP (a route test, a direct call) the message's header.
     */
    public static String deLaPeticion(Message message, String nombre) {
        if (message instanceof HttpMessage http) {
            return http.getRequest().getHeader(nombre);
        }
        return message.getHeader(nombre, String.class);
    }
}
