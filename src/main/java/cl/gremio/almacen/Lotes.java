package cl.gremio.almacen;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
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
     * Client parts are written first: a sale in the same poll then takes its key as it is
     * inserted, instead of being written a second time by {@code venta-clave}. Both are parts of a
     * sale: stored only if their id is not another content's ({@link Huellas}).
     */
    public static Lote ventas(DataSource ds, Lector lector, List<String> topicos) {
        return new Lote(ds).topicos(topicos)
                .particion(1, lector::cliente, Sql.de("venta-cliente-guardar"))
                .tambien(1, Sql.de("venta-clave"))
                .deUnaVenta(1, "cliente", "cantidad")
                .particion(0, lector::venta, Sql.de("venta-guardar"))
                .deUnaVenta(0);
    }

    /**
     * Ubicacion: 0 a cart's position (an older one never replaces a newer one, so of a poll only
     * each cart's newest is written; one that is a part of a sale only if its id is not another
     * content's, {@link Huellas}), 1 a prófugo report.
     */
    public static Lote ubicaciones(DataSource ds, Lector lector, List<String> topicos) {
        return new Lote(ds).topicos(topicos)
                .particion(0, lector::posicion, Sql.de("posicion-guardar"))
                .deUnaVenta(0, "latitud", "longitud", "segundos")
                .soloLaMasNueva(0, "carrito", "segundos")
                .particion(1, lector::aviso, Sql.de("aviso-guardar"));
    }

    /**
     * Stock: 0 a stock report; 1 a replenishment request, kept with its offset (the order requests
     * arrived in; in the partitioned layout, {@code topicos} not empty, the record's time) and when it was taken, and written by {@link Repartos#guardar}: it joins its
     * delivery batch as it is stored, and the batches it completes are the poll's {@code hechos}.
     * Both are parts of a sale: stored only if their id is not another content's ({@link Huellas}),
     * so a sale is a report or a request, never both.
     */
    public static Lote stock(DataSource ds, Lector lector, Repartos repartos, List<String> topicos) {
        // requests are ordered by offset in the seed's single partition; across the partitioned
        // layout's partitions an offset means nothing: by the record's time (ms since 1970) there
        String orden = topicos.isEmpty() ? KafkaConstants.OFFSET : KafkaConstants.TIMESTAMP;
        return new Lote(ds).topicos(topicos)
                .particion(0, lector::stock, Sql.de("reporte-stock-guardar"))
                .particion(1, registro -> {
                    Map<String, Object> solicitud = new HashMap<>(lector.stock(registro));
                    solicitud.put("orden", registro.getMessage().getHeader(orden, Long.class));
                    solicitud.put("recibida", OffsetDateTime.now(ZoneOffset.UTC));
                    return solicitud;
                }, repartos::guardar)
                .deUnaVenta(0, "stock", "hora")
                .deUnaVenta(1, "stock", "hora");
    }
}
