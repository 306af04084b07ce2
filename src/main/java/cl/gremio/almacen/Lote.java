package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * contract goes to the dead-letter route; the rest of the poll is stored. If anything fails
 * nothing is committed and the whole poll is read again: the keyed writes make that harmless.
 */
public class Lote {

    /** What one partition's records become: rows written by each statement in turn. */
    private record Particion(Function<Exchange, Map<String, Object>> lector, List<Sentencia> sentencias) {
    }

    /** A statement and the named parameters it takes from a record, in order. */
    private record Sentencia(String sql, List<String> columnas) {
    }

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

    @SuppressWarnings("unchecked")
    public void guardar(Exchange lote) throws SQLException {
        List<Exchange> registros = lote.getMessage().getBody(List.class);
        Map<Particion, List<Map<String, Object>>> filas = new LinkedHashMap<>();
        Set<String> siguientes = new LinkedHashSet<>();
        for (Exchange registro : registros) {
            Integer numero = registro.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
            Particion p = particiones.get(numero);
            if (p == null) {
                alDlt(registro, "partición sin uso en este tópico");
                continue;
            }
            try {
                filas.computeIfAbsent(p, k -> new ArrayList<>()).add(p.lector().apply(registro));
                if (despues.containsKey(numero)) {
                    siguientes.add(despues.get(numero));
                }
            } catch (Rechazo e) {
                alDlt(registro, e.getMessage());
            }
        }
        escribir(filas);
        for (String ruta : siguientes) {
            rutas.requestBody(ruta, (Object) null); // a failure fails the poll, which is then read again
        }
        confirmar(registros);
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

    private void escribir(Map<Particion, List<Map<String, Object>>> filas) throws SQLException {
        if (filas.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (var entrada : filas.entrySet()) {
                    for (Sentencia sentencia : entrada.getKey().sentencias()) {
                        try (PreparedStatement ps = c.prepareStatement(sentencia.sql())) {
                            List<String> columnas = sentencia.columnas();
                            for (Map<String, Object> fila : entrada.getValue()) {
                                for (int i = 0; i < columnas.size(); i++) {
                                    ps.setObject(i + 1, fila.get(columnas.get(i)));
                                }
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
