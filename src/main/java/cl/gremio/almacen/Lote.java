package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import cl.gremio.entrada.Rechazo;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * A topic consumed a poll at a time: every record of the poll is read with the contract's
 * rules, the rows of all of them are written in one transaction (one disk flush instead of one
 * per record), records that need a route of their own are handed to it, and only then is each
 * partition's offset committed up to its last record. A record that breaks the contract goes to
 * the dead-letter route; the rest of the poll is stored. If anything fails nothing is committed
 * and the whole poll is read again: the keyed writes make that harmless.
 */
public class Lote {

    /** What one partition's records become: a row through {@code sql}, or a trip through a route. */
    private record Particion(Function<Exchange, Map<String, Object>> lector, String sql, List<String> columnas,
            String ruta) {
    }

    private final DataSource ds;
    private final ProducerTemplate rutas;
    private final Map<Integer, Particion> particiones = new LinkedHashMap<>();

    public Lote(DataSource ds, ProducerTemplate rutas) {
        this.ds = ds;
        this.rutas = rutas;
    }

    /** Records of {@code particion}, read by {@code lector}, are written by {@code sql} with these named parameters. */
    public Lote particion(int particion, Function<Exchange, Map<String, Object>> lector, String sql,
            String... columnas) {
        particiones.put(particion, new Particion(lector, sql, List.of(columnas), null));
        return this;
    }

    /** Records of {@code particion} go one by one to {@code ruta}, after the poll's rows are written. */
    public Lote ruta(int particion, String ruta) {
        particiones.put(particion, new Particion(null, null, null, ruta));
        return this;
    }

    @SuppressWarnings("unchecked")
    public void guardar(Exchange lote) throws SQLException {
        List<Exchange> registros = lote.getMessage().getBody(List.class);
        Map<Particion, List<Map<String, Object>>> filas = new LinkedHashMap<>();
        List<Exchange> porRuta = new ArrayList<>();
        for (Exchange registro : registros) {
            Particion p = particiones.get(registro.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class));
            if (p == null || p.ruta() != null) {
                porRuta.add(registro);
                continue;
            }
            try {
                filas.computeIfAbsent(p, k -> new ArrayList<>()).add(p.lector().apply(registro));
            } catch (Rechazo e) {
                registro.getMessage().setHeader("dlt.motivo", e.getMessage());
                enviar("direct:registro-invalido", registro);
            }
        }
        escribir(filas);
        for (Exchange registro : porRuta) {
            Particion p = particiones.get(registro.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class));
            if (p == null) {
                registro.getMessage().setHeader("dlt.motivo", "partición sin uso en este tópico");
                enviar("direct:registro-invalido", registro);
            } else {
                enviar(p.ruta(), registro);
            }
        }
        confirmar(registros);
    }

    /** A record through a route; a failure fails the poll, which is then read again. */
    private void enviar(String ruta, Exchange registro) {
        rutas.send(ruta, registro);
        if (registro.getException() != null) {
            throw new IllegalStateException(ruta + " failed for " + registro.getMessage().getHeader(KafkaConstants.TOPIC)
                    + "/" + registro.getMessage().getHeader(KafkaConstants.PARTITION) + "@"
                    + registro.getMessage().getHeader(KafkaConstants.OFFSET), registro.getException());
        }
    }

    private void escribir(Map<Particion, List<Map<String, Object>>> filas) throws SQLException {
        if (filas.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (var entrada : filas.entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement(entrada.getKey().sql())) {
                        List<String> columnas = entrada.getKey().columnas();
                        for (Map<String, Object> fila : entrada.getValue()) {
                            for (int i = 0; i < columnas.size(); i++) {
                                ps.setObject(i + 1, fila.get(columnas.get(i)));
                            }
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
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
