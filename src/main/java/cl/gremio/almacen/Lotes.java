package cl.gremio.almacen;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import cl.gremio.entrada.Lector;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * How each topic's records are written when consumed a poll at a time (see {@link Lote}).
 * Every write is keyed, so a record delivered again changes nothing.
 */
public final class Lotes {

    private Lotes() {
    }

    /**
     * NuevaVenta: 0 the sale, 1 its client part. The sale row also keeps its client's key
     * ({@code clave}) so the daily statistics need no join: whichever of the two is stored
     * second fills it in. When both are stored at once (two consumer threads) neither sees the
     * other and it stays null; the statistics then look the client part up for that sale.
     */
    public static Lote ventas(DataSource ds, Lector lector) {
        return new Lote(ds)
                .particion(0, lector::venta, """
                        INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?,
                                (SELECT c.clave FROM venta_cliente c WHERE c.carrito = ? AND c.id = ?))
                        ON CONFLICT DO NOTHING""",
                        "carrito", "id", "cantidad", "hora", "cliente", "stock", "latitud", "longitud",
                        "carrito", "id")
                .particion(1, lector::cliente, """
                        INSERT INTO venta_cliente (carrito, id, cliente, clave, cantidad)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        "carrito", "id", "cliente", "clave", "cantidad")
                .tambien(1, "UPDATE venta SET clave = ? WHERE carrito = ? AND id = ? AND clave IS NULL",
                        "clave", "carrito", "id");
    }

    /** Ubicacion: 0 a cart's position (an older one never replaces a newer one), 1 a prófugo report. */
    public static Lote ubicaciones(DataSource ds, Lector lector) {
        return new Lote(ds)
                .particion(0, lector::posicion, """
                        MERGE INTO posicion p
                        USING (VALUES (CAST(? AS VARCHAR(16)), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),
                                       CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                              AS n (carrito, latitud, longitud, segundos, hora)
                        ON p.carrito = n.carrito
                        WHEN MATCHED AND n.segundos >= p.segundos THEN
                          UPDATE SET latitud = n.latitud, longitud = n.longitud, segundos = n.segundos, hora = n.hora
                        WHEN NOT MATCHED THEN
                          INSERT (carrito, latitud, longitud, segundos, hora)
                          VALUES (n.carrito, n.latitud, n.longitud, n.segundos, n.hora)""",
                        "carrito", "latitud", "longitud", "segundos", "hora")
                .particion(1, lector::aviso, """
                        INSERT INTO aviso (id, carrito, latitud, longitud, hora)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        "id", "carrito", "latitud", "longitud", "hora");
    }

    /**
     * Stock: 0 a stock report; 1 a replenishment request, kept with its offset (the order requests
     * arrived in) and when it was taken (the route then closes any batch due).
     */
    public static Lote stock(DataSource ds, Lector lector) {
        return new Lote(ds)
                .particion(0, lector::stock, """
                        INSERT INTO reporte_stock (carrito, id, stock, hora)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        "carrito", "id", "stock", "hora")
                .particion(1, registro -> {
                    Map<String, Object> solicitud = new HashMap<>(lector.stock(registro));
                    solicitud.put("orden", registro.getMessage().getHeader(KafkaConstants.OFFSET, Long.class));
                    solicitud.put("recibida", OffsetDateTime.now(ZoneOffset.UTC));
                    return solicitud;
                }, """
                        INSERT INTO solicitud_reposicion (carrito, id, stock, hora, orden, recibida)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        "carrito", "id", "stock", "hora", "orden", "recibida");
    }
}
