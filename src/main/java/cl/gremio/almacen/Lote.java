package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import cl.gremio.entrada.Rechazo;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * A topic consumed a poll at a time, in the steps its route shows: {@link #leer} reads every
 * record of the poll with the contract's rules; {@link #guardar} writes the rows of all of them
 * in one transaction (one disk flush instead of one per record); the route then sends
 * {@link #rechazados} to the dead-letter route and {@link #confirmar} commits each partition's
 * offset up to its last record. A record that breaks the contract, or that the store refuses
 * for what it holds (see {@link RechazoDelAlmacen}), is left out of the rows and dead-lettered
 * once the rest is stored. If anything else fails (the store is down) nothing is committed,
 * nothing is dead-lettered, and the whole poll is read again: the keyed writes make that harmless.
 */
public class Lote {

    /** What one partition's records become: rows written by each statement in turn, or by its own writer. */
    private record Particion(Function<Exchange, Map<String, Object>> lector, List<Sql> sentencias,
            Escritura escritura, MasNueva masNueva, List<String> deUnaVenta) {
    }

    /** Only the newest row per key is written: per {@code clave}, the greatest {@code orden} (the last of equals). */
    private record MasNueva(String clave, String orden) {
    }

    /**
     * A partition whose rows need more than a statement each: it writes them itself, in the poll's
     * transaction, in the order the poll held them, and tells what that made happen (kept as the
     * poll's {@code hechos}, for the route).
     */
    @FunctionalInterface
    public interface Escritura {
        List<Map<String, Object>> escribir(Connection c, List<Map<String, Object>> filas) throws SQLException;
    }

    /** Variable naming the poll's records (topic/partition@offsets) on the batch exchange, for failure log lines. */
    public static final String ORIGEN = "origen";
    /** The exchange variable holding the poll between its steps. */
    public static final String VARIABLE = "lote";

    private final DataSource ds;
    private final Map<Integer, Particion> particiones = new LinkedHashMap<>();
    private SaludAlmacen salud;
    /** Empty: a record's content is its partition (the seed's layout); else its topic's place here. */
    private List<String> topicos = List.of();

    public Lote(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Tells {@code salud} how each write went (a poll stored, the store failing), and commits no
     * offset once it saw the store closed: what H2 reports committed after closing is not on disk.
     */
    public Lote vigilado(SaludAlmacen salud) {
        this.salud = salud;
        return this;
    }

    /**
     * A record's content (the number {@link #particion} declares) is the place of its topic in
     * {@code porContenido}, not its partition: the partitioned layout (cl.gremio.kafka.Disposicion).
     * Empty keeps the seed's layout.
     */
    public Lote topicos(List<String> porContenido) {
        this.topicos = List.copyOf(porContenido);
        return this;
    }

    /**
     * Records of {@code particion}, read by {@code lector}, are written by {@code sentencia}, whose
     * {@code :#name} parameters are the fields {@code lector} reads; a poll's partitions are
     * written in the order they were declared here.
     */
    public Lote particion(int particion, Function<Exchange, Map<String, Object>> lector, Sql sentencia) {
        particiones.put(particion, new Particion(lector, List.of(sentencia), null, null, null));
        return this;
    }

    /** Records of {@code particion}, read by {@code lector}, are written by {@code escritura}. */
    public Lote particion(int particion, Function<Exchange, Map<String, Object>> lector, Escritura escritura) {
        particiones.put(particion, new Particion(lector, List.of(), escritura, null, null));
        return this;
    }

    /** The same records of {@code particion} are also written by {@code sentencia}, after the statements before it. */
    public Lote tambien(int particion, Sql sentencia) {
        Particion p = particiones.get(particion);
        List<Sql> sentencias = new ArrayList<>(p.sentencias());
        sentencias.add(sentencia);
        particiones.put(particion, new Particion(p.lector(), List.copyOf(sentencias), p.escritura(), p.masNueva(), p.deUnaVenta()));
        return this;
    }

    /**
     * Of a poll's rows of {@code particion}, only the newest per {@code clave} (greatest {@code orden},
     * the last of equals) is written: for statements that never let an older row replace a newer
     * one, where writing the others would change nothing.
     */
    public Lote soloLaMasNueva(int particion, String clave, String orden) {
        Particion p = particiones.get(particion);
        particiones.put(particion, new Particion(p.lector(), p.sentencias(), p.escritura(), new MasNueva(clave, orden), p.deUnaVenta()));
        return this;
    }

    /**
     * Records of {@code particion} are parts of a sale (their rows name {@code carrito}, {@code id}
     * and {@code huella}): one is stored only if its sale's id is not claimed by another content
     * ({@link Huellas}); one without {@code id} is not part of a sale. {@code campos}: what such a
     * record says of its sale, compared with the stored sale when it carries no {@code huella}.
     */
    public Lote deUnaVenta(int particion, String... campos) {
        Particion p = particiones.get(particion);
        particiones.put(particion, new Particion(p.lector(), p.sentencias(), p.escritura(), p.masNueva(),
                List.of(campos)));
        return this;
    }

    /** One record read into the named parameters of its partition's statements. */
    private record Fila(Exchange registro, Map<String, Object> valores) {
    }

    /** One poll as its steps go: the rows to write per partition's statements, and the records left out with why. */
    public static final class Poll {
        private final Map<Particion, List<Fila>> filas = new LinkedHashMap<>();
        private final Map<Exchange, String> rechazados = new LinkedHashMap<>();
        private final List<Map<String, Object>> hechos = new ArrayList<>();
        /** Per topic and partition, the commit of its last record in the poll. */
        private final Map<String, KafkaManualCommit> ultimos = new LinkedHashMap<>();

        Poll() {
        }

        /** What the partitions' own writers made happen once the poll was stored (see {@link Escritura}). */
        public List<Map<String, Object>> getHechos() {
            return hechos;
        }
    }

    /** Reads the poll (the batch exchange's body) into the variable {@code lote}. */
    @SuppressWarnings("unchecked")
    public void leer(Exchange lote) {
        List<Exchange> registros = lote.getMessage().getBody(List.class);
        Poll poll = new Poll();
        // each record's Kafka headers are looked up once (a poll holds hundreds), and the poll is
        // named before any record is read, so a poll that cannot be read is named in its failure
        Object[] numeros = new Object[registros.size()];
        Map<String, long[]> rangos = new LinkedHashMap<>();
        for (int i = 0; i < numeros.length; i++) {
            Message m = registros.get(i).getMessage();
            Object particion = m.getHeader(KafkaConstants.PARTITION);
            Object topico = m.getHeader(KafkaConstants.TOPIC);
            // the content: the partition in the seed's layout, the topic's place in the partitioned one
            numeros[i] = topicos.isEmpty() ? particion : Integer.valueOf(topicos.indexOf(topico));
            long offset = m.getHeader(KafkaConstants.OFFSET, -1L, Long.class);
            String tp = topico + "/" + particion;
            rangos.computeIfAbsent(tp, k -> new long[] {offset, offset})[1] = offset;
            poll.ultimos.put(tp, m.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        }
        lote.setVariable(ORIGEN, origen(rangos));
        // rows are written partition by partition in the order they were declared, whatever order the poll holds
        particiones.values().forEach(p -> poll.filas.put(p, new ArrayList<>()));
        for (int i = 0; i < numeros.length; i++) {
            Exchange registro = registros.get(i);
            Integer numero = lote.getContext().getTypeConverter().convertTo(Integer.class, registro, numeros[i]);
            Particion p = particiones.get(numero);
            if (p == null) {
                poll.rechazados.put(registro, "partición sin uso en este tópico");
                continue;
            }
            try {
                poll.filas.get(p).add(new Fila(registro, p.lector().apply(registro)));
            } catch (Rechazo e) {
                poll.rechazados.put(registro, e.getMessage());
            } catch (RuntimeException e) {
                // the reader is a function of the record's bytes alone: whatever it throws, the record is at fault
                poll.rechazados.put(registro, "registro ilegible: " + e);
            }
        }
        poll.filas.values().removeIf(List::isEmpty);
        lote.setVariable(VARIABLE, poll);
    }

    /** Writes the poll's rows in one transaction; a store refusal of some records leaves just those out. */
    public void guardar(@Variable(VARIABLE) Poll poll) throws SQLException {
        try {
            try {
                escribir(poll);
            } catch (SQLException e) {
                if (!RechazoDelAlmacen.delRegistro(e)) {
                    throw e; // the store is failing: nothing is committed, the poll is read again
                }
                poll.rechazados.putAll(escribirUnoAUno(poll));
            }
        } catch (SQLException | RuntimeException e) {
            if (salud != null) {
                salud.fallo(e);
            }
            throw e;
        }
        if (salud != null && !poll.filas.isEmpty()) {
            salud.guardado();
        }
    }

    /** The records left out, each as it was read with its reason in {@code dlt.motivo}: for the dead-letter route. */
    public List<Message> rechazados(@Variable(VARIABLE) Poll poll) {
        List<Message> mensajes = new ArrayList<>();
        poll.rechazados.forEach((registro, motivo) -> {
            registro.getMessage().setHeader("dlt.motivo", motivo);
            mensajes.add(registro.getMessage());
        });
        return mensajes;
    }

    /** Commits, per topic and partition, the offset after the last record of this poll: only now is it stored. */
    public void confirmar(@Variable(VARIABLE) Poll poll) {
        if (salud != null && salud.cerrado()) {
            throw new IllegalStateException("the store was closed: nothing more is acknowledged to Kafka");
        }
        poll.ultimos.values().forEach(KafkaManualCommit::commit);
    }

    /** {@code NuevaVenta/0@120..164 NuevaVenta/1@88..97}: which records a poll held, for its failure log line. */
    private static String origen(Map<String, long[]> rangos) {
        StringBuilder sb = new StringBuilder();
        rangos.forEach((p, r) -> sb.append(sb.isEmpty() ? "" : " ").append(p).append('@').append(r[0])
                .append(r[0] == r[1] ? "" : ".." + r[1]));
        return sb.toString();
    }

    /** The whole poll in one transaction, each statement as one batch: the common case. */
    private void escribir(Poll poll) throws SQLException {
        if (poll.filas.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<Exchange, String> deOtraVenta = new LinkedHashMap<>();
                for (var entrada : unaVentaPorId(c, poll, deOtraVenta).entrySet()) {
                    Particion particion = entrada.getKey();
                    List<Fila> filas = particion.masNueva() == null ? entrada.getValue()
                            : masNuevas(entrada.getValue(), particion.masNueva());
                    if (particion.escritura() != null) {
                        poll.hechos.addAll(particion.escritura().escribir(c, filas.stream().map(Fila::valores).toList()));
                    }
                    for (Sql sentencia : particion.sentencias()) {
                        try (PreparedStatement ps = sentencia.preparar(c)) {
                            for (Fila fila : filas) {
                                sentencia.enlazar(ps, fila.valores());
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                }
                c.commit();
                poll.rechazados.putAll(deOtraVenta);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                poll.hechos.clear();
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
    private Map<Exchange, String> escribirUnoAUno(Poll poll) throws SQLException {
        Map<Exchange, String> rechazados = new LinkedHashMap<>();
        Map<Sql, PreparedStatement> preparadas = new HashMap<>();
        List<Map<String, Object>> hechos = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<Exchange, String> deOtraVenta = new LinkedHashMap<>();
                for (var entrada : unaVentaPorId(c, poll, deOtraVenta).entrySet()) {
                    Escritura escritura = entrada.getKey().escritura();
                    for (Fila fila : entrada.getValue()) {
                        Savepoint antes = c.setSavepoint();
                        try {
                            List<Map<String, Object>> hechosDeLaFila = escritura == null ? List.of()
                                    : escritura.escribir(c, List.of(fila.valores()));
                            for (Sql sentencia : entrada.getKey().sentencias()) {
                                PreparedStatement ps = preparadas.get(sentencia);
                                if (ps == null) {
                                    ps = sentencia.preparar(c);
                                    preparadas.put(sentencia, ps);
                                }
                                sentencia.enlazar(ps, fila.valores());
                                ps.executeUpdate();
                            }
                            c.releaseSavepoint(antes);
                            hechos.addAll(hechosDeLaFila);
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
                poll.hechos.addAll(hechos);
                rechazados.putAll(deOtraVenta);
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

    /**
     * The poll's rows without the parts of a sale whose id another content claimed (those go to
     * {@code deOtraVenta} with the reason, for the dead-letter topic once the poll is stored); the
     * sales of the others are claimed in {@code c}'s transaction.
     */
    private static Map<Particion, List<Fila>> unaVentaPorId(Connection c, Poll poll, Map<Exchange, String> deOtraVenta)
            throws SQLException {
        List<Fila> filas = new ArrayList<>();
        List<Huellas.Parte> partes = new ArrayList<>();
        for (var entrada : poll.filas.entrySet()) {
            List<String> campos = entrada.getKey().deUnaVenta();
            for (Fila fila : campos == null ? List.<Fila>of() : entrada.getValue()) {
                Map<String, Object> v = fila.valores();
                if (v.get("id") != null) {
                    Map<String, Object> dice = new HashMap<>();
                    campos.forEach(campo -> dice.put(campo, v.get(campo)));
                    filas.add(fila);
                    partes.add(new Huellas.Parte((String) v.get("carrito"), (String) v.get("id"), (String) v.get("huella"),
                            dice));
                }
            }
        }
        if (partes.isEmpty()) {
            return poll.filas;
        }
        Map<Integer, String> rechazadas = Huellas.juzgar(c, partes);
        if (rechazadas.isEmpty()) {
            return poll.filas;
        }
        rechazadas.forEach((i, motivo) -> deOtraVenta.put(filas.get(i).registro(), motivo));
        Map<Particion, List<Fila>> quedan = new LinkedHashMap<>();
        poll.filas.forEach((particion, lista) -> quedan.put(particion, lista.stream()
                .filter(f -> !deOtraVenta.containsKey(f.registro())).toList()));
        quedan.values().removeIf(List::isEmpty);
        return quedan;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Fila> masNuevas(List<Fila> filas, MasNueva masNueva) {
        Map<Object, Fila> porClave = new LinkedHashMap<>();
        for (Fila fila : filas) {
            Fila antes = porClave.get(fila.valores().get(masNueva.clave()));
            if (antes == null || ((Comparable) fila.valores().get(masNueva.orden()))
                    .compareTo(antes.valores().get(masNueva.orden())) >= 0) {
                porClave.put(fila.valores().get(masNueva.clave()), fila);
            }
        }
        return List.copyOf(porClave.values());
    }
}
