package cl.gremio.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import cl.gremio.almacen.Sql;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Up to when every sale is stored: the sales topics' end offsets (every partition of both
 * halves in the partitioned layout) are read at one revision and
 * kept ({@code corte_ventas}); once the sales consumer group has committed offsets at or past
 * them, every record produced before that reading is in the store. Read from the cluster, so it
 * covers every instance of the group, whichever instance runs the revision.
 */
public class ConsumoVentas extends ServiceSupport {

    private static final Sql SQL_CORTE_VENTAS = Sql.de("corte-ventas");
    private static final Sql SQL_CORTE_VENTAS_BORRAR = Sql.de("corte-ventas-borrar");
    private static final Sql SQL_CORTE_VENTAS_INSERTAR = Sql.de("corte-ventas-insertar");

    private final String brokers;
    private final String grupo;
    /** The sales topics: the seed's, or the partitioned layout's two (sale and client part). */
    private final List<String> topicos;
    private final DataSource ds;
    private final ZoneId zona;
    private Admin admin;

    public ConsumoVentas(String brokers, String grupo, List<String> topicos, DataSource ds, ZoneId zona) {
        this.brokers = brokers;
        this.grupo = grupo;
        this.topicos = List.copyOf(topicos);
        this.ds = ds;
        this.zona = zona;
    }

    @Override
    protected void doStart() {
        admin = Topicos.vigilante(brokers);
    }

    @Override
    protected void doStop() {
        if (admin != null) {
            admin.close();
        }
    }

    /**
     * The latest moment before which every sale produced is stored, or null if none is known yet.
     * A kept reading the group has reached gives its time, and a new reading is kept; an unreached
     * one is kept as it is (under a steady load the group is always a little behind the end, so a
     * reading is judged at the next revision, not at once).
     */
    public OffsetDateTime consumidoHasta() throws Exception {
        OffsetDateTime ahora = OffsetDateTime.now(zona);
        // end offsets first, then the group's: a group at or past ends read earlier has stored all before them
        Map<Integer, Long> finales = finales();
        Map<Integer, Long> hechos = hechos();
        try (Connection c = ds.getConnection()) {
            Map<Integer, Long> corte = new HashMap<>();
            OffsetDateTime leido = null;
            try (PreparedStatement ps = SQL_CORTE_VENTAS.preparar(c);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    corte.put(rs.getInt(1), rs.getLong(2));
                    leido = rs.getObject(3, OffsetDateTime.class);
                }
            }
            if (!corte.keySet().equals(finales.keySet())) {
                // a reading of other partitions: the other layout's topics (kept before a switch, its
                // numbers name other partitions), or before partitions were added; judged against
                // these it meant nothing, and once said "all stored" with a partition unread
                corte.clear();
            }
            if (alcanzado(finales, hechos)) {
                guardar(c, finales, ahora);
                return ahora;
            }
            if (corte.isEmpty() || alcanzado(corte, hechos)) {
                guardar(c, finales, ahora);
                return corte.isEmpty() ? null : leido;
            }
            return null;
        }
    }

    private static boolean alcanzado(Map<Integer, Long> finales, Map<Integer, Long> hechos) {
        return finales.entrySet().stream().allMatch(e -> hechos.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /**
     * A partition's number in {@code corte_ventas}: the partition itself on the first sales topic
     * (the seed's only one, so its rows are as before), plus a million per topic after it.
     */
    private int numero(TopicPartition tp) {
        return topicos.indexOf(tp.topic()) * 1_000_000 + tp.partition();
    }

    private Map<Integer, Long> finales() throws Exception {
        List<TopicPartition> particiones = admin.describeTopics(topicos).allTopicNames()
                .get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        return admin.listOffsets(particiones.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(e -> numero(e.getKey()), e -> e.getValue().offset()));
    }

    private Map<Integer, Long> hechos() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> hechos = admin.listConsumerGroupOffsets(grupo)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<Integer, Long> porParticion = new HashMap<>();
        hechos.forEach((tp, o) -> {
            if (topicos.contains(tp.topic()) && o != null) {
                porParticion.put(numero(tp), o.offset());
            }
        });
        return porParticion;
    }

    private static void guardar(Connection c, Map<Integer, Long> finales, OffsetDateTime leido) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement borrar = SQL_CORTE_VENTAS_BORRAR.preparar(c);
                PreparedStatement insertar = SQL_CORTE_VENTAS_INSERTAR.preparar(c)) {
            borrar.executeUpdate();
            for (var e : finales.entrySet()) {
                SQL_CORTE_VENTAS_INSERTAR.enlazar(insertar, Map.of("particion", e.getKey(), "fin", e.getValue(), "leido", leido));
                insertar.addBatch();
            }
            insertar.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
