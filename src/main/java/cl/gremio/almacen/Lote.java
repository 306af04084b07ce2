package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * per record), a route may follow (once per poll that held records of a partition), and only
 * then is each partition's offset committed up to its last record. A record that breaks the
 * contract, or that the store refuses for what it holds (see {@link RechazoDelAlmacen}), goes to
 * the dead-letter route once the rest of the poll is stored. If anything else fails (the store
 * is down) nothing is committed, nothing is dead-lettered, and the whole poll is read again: the
 * keyed writes make that harmless.
 */
public class Lote {

    /** What one partition's records become: rows written by each statement in turn. */
    private record Particion(Function<Exchange, Map<String, Object>> lector, List<Sentencia> sentencias) {
    }

    /** A statement and the named parameters it takes from a record, in order. */
    private record Sentencia(String sql, List<String> columnas) {
    }

    /** Header naming the poll's records (topic/partition@offsets) on the batch exchange. */
    public static final String ORIGEN = "origen";

    private final DataSource ds;
    private final ProducerTemplate rutas;
    private final Map<Integer, Particion> particiones = new LinkedHashMap<>();
    private final Map<Integer, String> despues = new LinkedHashMap<>();

    public Lote(DataSource ds, ProducerTemplate rutas) {
        this.ds = ds;
        this.rutas = rutas;
    }

    /** Records of {@code particion}, read by {@code lector}, are written by {@code sql} with these named parameters. */
    public Lote particion(int particion, Function<Exchange, Map<String, Object>> lector, String sql,
            String... columnas) {
        particiones.put(particion, new Particion(lector, List.of(new Sentencia(sql, List.of(columnas)))));
        return this;
    }

    /** The same records of {@code particion} are also written by {@code sql}, after the statements before it. */
    public Lote tambien(int particion, String sql, String... columnas) {
        Particion p = particiones.get(particion);
        List<Sentencia> sentencias = new ArrayList<>(p.sentencias());
        sentencias.add(new Sentencia(sql, List.of(columnas)));
        particiones.put(particion, new Particion(p.lector(), List.copyOf(sentencias)));
        return this;
    }

    /** After the rows of a poll that held records of {@code particion} are written, {@code ruta} runs once. */
    public Lote despues(int particion, String ruta) {
        despues.put(particion, ruta);
        return this;
    }

    /** One record read into the named parameters of its partition's statements. */
    private record Fila(Exchange registro, Map<String, Object> valores) {
    }

    @SuppressWarnings("unchecked")
    public void guardar(Exchange lote) throws SQLException {
        List<Exchange> registros = lote.getMessage().getBody(List.class);
        lote.getMessage().setHeader(ORIGEN, origen(registros)); // names the poll if it fails
        Map<Particion, List<Fila>> filas = new LinkedHashMap<>();
        Map<Exchange, String> rechazados = new LinkedHashMap<>();
        Set<String> siguientes = new LinkedHashSet<>();
        for (Exchange registro : registros) {
            Integer numero = registro.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
            Particion p = particiones.get(numero);
            if (p == null) {
                rechazados.put(registro, "partición sin uso en este tópico");
                continue;
            }
            try {
                filas.computeIfAbsent(p, k -> new ArrayList<>()).add(new Fila(registro, p.lector().apply(registro)));
                if (despues.containsKey(numero)) {
                    siguientes.add(despues.get(numero));
                }
            } catch (Rechazo e) {
                rechazados.put(registro, e.getMessage());
            } catch (RuntimeException e) {
                // the reader is a function of the record's bytes alone: whatever it throws, the record is at fault
                rechazados.put(registro, "registro ilegible: " + e);
            }
        }
        try {
            escribir(filas);
        } catch (SQLException e) {
            if (!RechazoDelAlmacen.delRegistro(e)) {
                throw e; // the store is failing: nothing is committed, the poll is read again
            }
            rechazados.putAll(escribirUnoAUno(filas));
        }
        for (String ruta : siguientes) {
            rutas.requestBody(ruta, (Object) null); // a failure fails the poll, which is then read again
        }
        // only now, with the rest of the poll stored: a store that is down sends no copy to the DLT
        rechazados.forEach(this::alDlt);
        confirmar(registros);
    }

    /** {@code NuevaVenta/0@120..164 NuevaVenta/1@88..97}: which records a poll held, for its failure log line. */
    private static String origen(List<Exchange> registros) {
        Map<String, long[]> rangos = new LinkedHashMap<>();
        for (Exchange r : registros) {
            String particion = r.getMessage().getHeader(KafkaConstants.TOPIC) + "/"
                    + r.getMessage().getHeader(KafkaConstants.PARTITION);
            long offset = r.getMessage().getHeader(KafkaConstants.OFFSET, -1L, Long.class);
            rangos.computeIfAbsent(particion, k -> new long[] {offset, offset})[1] = offset;
        }
        StringBuilder sb = new StringBuilder();
        rangos.forEach((p, r) -> sb.append(sb.isEmpty() ? "" : " ").append(p).append('@').append(r[0])
                .append(r[0] == r[1] ? "" : ".." + r[1]));
        return sb.toString();
    }

    /** A record that breaks the contract, to its dead-letter topic; a failure fails the poll, which is then read again. */
    private void alDlt(Exchange registro, String motivo) {
        registro.getMessage().setHeader("dlt.motivo", motivo);
        String ruta = "direct:registro-invalido";
        rutas.send(ruta, registro);
        if (registro.getException() != null) {
            throw new IllegalStateException(ruta + " failed for " + registro.getMessage().getHeader(KafkaConstants.TOPIC)
                    + "/" + registro.getMessage().getHeader(KafkaConstants.PARTITION) + "@"
                    + registro.getMessage().getHeader(KafkaConstants.OFFSET), registro.getException());
        }
    }

    /** The whole poll in one transaction, each statement as one batch: the common case. */
    private void escribir(Map<Particion, List<Fila>> filas) throws SQLException {
        if (filas.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (var entrada : filas.entrySet()) {
                    for (Sentencia sentencia : entrada.getKey().sentencias()) {
                        try (PreparedStatement ps = c.prepareStatement(sentencia.sql())) {
                            for (Fila fila : entrada.getValue()) {
                                parametros(ps, sentencia, fila);
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
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

    /**
     * The store refused something in the poll for what it holds: the poll again, each record
     * behind a savepoint, so the records it refuses are left out and the rest is stored. Returns
     * the refused records with the store's reason. A transient failure still fails the whole poll.
     */
    private Map<Exchange, String> escribirUnoAUno(Map<Particion, List<Fila>> filas) throws SQLException {
        Map<Exchange, String> rechazados = new LinkedHashMap<>();
        Map<Sentencia, PreparedStatement> preparadas = new HashMap<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (var entrada : filas.entrySet()) {
                    for (Fila fila : entrada.getValue()) {
                        Savepoint antes = c.setSavepoint();
                        try {
                            for (Sentencia sentencia : entrada.getKey().sentencias()) {
                                PreparedStatement ps = preparadas.get(sentencia);
                                if (ps == null) {
                                    ps = c.prepareStatement(sentencia.sql());
                                    preparadas.put(sentencia, ps);
                                }
                                parametros(ps, sentencia, fila);
                                ps.executeUpdate();
                            }
                            c.releaseSavepoint(antes);
                        } catch (SQLException e) {
                            if (!RechazoDelAlmacen.delRegistro(e)) {
                                throw e;
                            }
                            c.rollback(antes);
                            rechazados.put(fila.registro(), "el almacén rechaza el registro (SQLState " + e.getSQLState()
                                    + "): " + e.getMessage());
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                for (PreparedStatement ps : preparadas.values()) {
                    ps.close();
                }
                c.setAutoCommit(true);
            }
        }
        return rechazados;
    }

    private static void parametros(PreparedStatement ps, Sentencia sentencia, Fila fila) throws SQLException {
        List<String> columnas = sentencia.columnas();
        for (int i = 0; i < columnas.size(); i++) {
            ps.setObject(i + 1, fila.valores().get(columnas.get(i)));
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
