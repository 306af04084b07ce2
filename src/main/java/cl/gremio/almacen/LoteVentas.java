package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import cl.gremio.entrada.Lector;
import cl.gremio.entrada.Rechazo;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * NuevaVenta consumed a poll at a time: every sale and client part of the poll is written in
 * one transaction (one disk flush instead of one per record), then each partition's offset is
 * committed up to its last record. A record that breaks the contract goes to the dead-letter
 * route; the rest of the poll is stored. If the transaction fails nothing is committed and the
 * whole poll is read again: the keyed inserts make that harmless.
 */
public class LoteVentas {

    private static final String VENTA = "INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, "
            + "longitud) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String CLIENTE = "INSERT INTO venta_cliente (carrito, id, cliente, clave, cantidad) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final DataSource ds;
    private final Lector lector;
    private final ProducerTemplate rutas;

    public LoteVentas(DataSource ds, Lector lector, ProducerTemplate rutas) {
        this.ds = ds;
        this.lector = lector;
        this.rutas = rutas;
    }

    @SuppressWarnings("unchecked")
    public void guardar(Exchange lote) throws SQLException {
        List<Exchange> registros = lote.getMessage().getBody(List.class);
        List<Map<String, Object>> ventas = new ArrayList<>();
        List<Map<String, Object>> clientes = new ArrayList<>();
        for (Exchange registro : registros) {
            try {
                if (registro.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class) == 0) {
                    ventas.add(lector.venta(registro));
                } else {
                    clientes.add(lector.cliente(registro));
                }
            } catch (Rechazo e) {
                registro.getMessage().setHeader("dlt.motivo", e.getMessage());
                rutas.send("direct:registro-invalido", registro);
                if (registro.getException() != null) {
                    throw new IllegalStateException("could not send a poison record to its DLT", registro.getException());
                }
            }
        }
        escribir(ventas, clientes);
        confirmar(registros);
    }

    private void escribir(List<Map<String, Object>> ventas, List<Map<String, Object>> clientes) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement v = c.prepareStatement(VENTA); PreparedStatement k = c.prepareStatement(CLIENTE)) {
                for (Map<String, Object> m : ventas) {
                    v.setString(1, (String) m.get("carrito"));
                    v.setString(2, (String) m.get("id"));
                    v.setInt(3, (Integer) m.get("cantidad"));
                    v.setObject(4, m.get("hora"));
                    v.setString(5, (String) m.get("cliente"));
                    v.setInt(6, (Integer) m.get("stock"));
                    v.setDouble(7, (Double) m.get("latitud"));
                    v.setDouble(8, (Double) m.get("longitud"));
                    v.addBatch();
                }
                for (Map<String, Object> m : clientes) {
                    k.setString(1, (String) m.get("carrito"));
                    k.setString(2, (String) m.get("id"));
                    k.setString(3, (String) m.get("cliente"));
                    k.setString(4, (String) m.get("clave"));
                    k.setInt(5, (Integer) m.get("cantidad"));
                    k.addBatch();
                }
                if (!ventas.isEmpty()) {
                    v.executeBatch();
                }
                if (!clientes.isEmpty()) {
                    k.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Commits, per partition, the offset after the last record of this poll: only now is it stored. */
    private static void confirmar(List<Exchange> registros) {
        Map<Integer, KafkaManualCommit> ultimos = new LinkedHashMap<>();
        for (Exchange r : registros) {
            ultimos.put(r.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class),
                    r.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        }
        ultimos.values().forEach(KafkaManualCommit::commit);
    }
}
