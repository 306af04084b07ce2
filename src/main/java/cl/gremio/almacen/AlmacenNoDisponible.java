package cl.gremio.almacen;

/**
 * The store cannot take what a write would acknowledge (see {@link SaludAlmacen}): the request
 * gets 503 with Retry-After and nothing is sent to Kafka; the client retries with the same id.
 */
public class AlmacenNoDisponible extends RuntimeException {
    public AlmacenNoDisponible(String problema) {
        super("the store is not usable: " + problema, null, false, false);
    }
}
