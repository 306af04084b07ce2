package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery rounds ("repartos"). The open batch is the requests still without a reparto, in the
 * order they arrived (their offset in Stock/1): {@link #formar()} closes a batch of
 * {@code tamano} whenever there are that many, and one with fewer once the oldest waited
 * {@code esperaMax}. State lives only in the store, so it survives restarts, and several
 * instances may call it at once: a batch takes its requests only if none was taken meanwhile.
 */
public class Repartos {

    private static final String SQL_SOLICITUDES_ESPERANDO = Sql.de("solicitudes-esperando");
    private static final String SQL_REPARTO_INSERTAR = Sql.de("reparto-insertar");
    private static final String SQL_SOLICITUD_ASIGNAR = Sql.de("solicitud-asignar");
    private static final String SQL_SOLICITUDES_RECIENTES = Sql.de("solicitudes-recientes");
    private static final String SQL_REPARTOS_RECIENTES = Sql.de("repartos-recientes");

    private static final Logger LOG = LoggerFactory.getLogger(Repartos.class);
    /** Batches closed per transaction at most; more waiting ones take another round. */
    private static final int LOTES_POR_VUELTA = 100;

    private final DataSource ds;
    private final ZoneId zona;
    private final Filas filas;
    private final int tamano;
    private final Duration esperaMax;

    public Repartos(DataSource ds, ZoneId zona, int tamano, Duration esperaMax) {
        this.ds = ds;
        this.zona = zona;
        this.filas = new Filas(zona);
        this.tamano = tamano;
        this.esperaMax = esperaMax;
    }

    /** A request as it waits: its key, and when the store took it. */
    private record Solicitud(String carrito, String id, OffsetDateTime recibida) {
    }

    /**
     * Closes every batch that is due, oldest requests first, all in one transaction.
     *
     * @return the batches closed, each as {@code {"id","carritos","creado"}}
     */
    public List<Map<String, Object>> formar() throws SQLException {
        List<Map<String, Object>> cerrados = new ArrayList<>();
        int porVuelta = tamano * LOTES_POR_VUELTA;
        try (Connection c = ds.getConnection()) {
            boolean quedanMas = true;
            while (quedanMas) {
                List<Solicitud> espera = esperando(c, porVuelta);
                quedanMas = espera.size() == porVuelta;
                List<List<Solicitud>> lotes = new ArrayList<>();
                for (int i = 0; i < espera.size(); i += tamano) {
                    List<Solicitud> lote = espera.subList(i, Math.min(i + tamano, espera.size()));
                    if (lote.size() == tamano || lote.get(0).recibida().plus(esperaMax).isBefore(OffsetDateTime.now(zona))) {
                        lotes.add(lote);
                    }
                }
                if (lotes.isEmpty()) {
                    break;
                }
                List<Map<String, Object>> estaVuelta = cerrar(c, lotes);
                if (estaVuelta == null) {
                    LOG.debug("Another instance took some of these requests first; looking again");
                    quedanMas = true;
                } else {
                    cerrados.addAll(estaVuelta);
                }
            }
        }
        return cerrados;
    }

    /** The oldest requests without a batch, at most {@code cuantas}. */
    private List<Solicitud> esperando(Connection c, int cuantas) throws SQLException {
        List<Solicitud> espera = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL_SOLICITUDES_ESPERANDO)) {
            ps.setInt(1, cuantas);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    espera.add(new Solicitud(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)));
                }
            }
        }
        return espera;
    }

    /**
     * Writes the batches and assigns their requests in one transaction; if any request was
     * assigned meanwhile (another instance), nothing is written and null is returned.
     */
    private List<Map<String, Object>> cerrar(Connection c, List<List<Solicitud>> lotes) throws SQLException {
        OffsetDateTime creado = OffsetDateTime.now(zona);
        List<Map<String, Object>> cerrados = new ArrayList<>();
        c.setAutoCommit(false);
        try (PreparedStatement insertar = c.prepareStatement(SQL_REPARTO_INSERTAR, Statement.RETURN_GENERATED_KEYS);
                PreparedStatement asignar = c.prepareStatement(SQL_SOLICITUD_ASIGNAR)) {
            for (List<Solicitud> lote : lotes) {
                List<String> carritos = lote.stream().map(Solicitud::carrito).toList();
                insertar.setString(1, String.join(",", carritos));
                insertar.setObject(2, creado);
                insertar.executeUpdate();
                long id;
                try (ResultSet keys = insertar.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                for (Solicitud s : lote) {
                    asignar.setLong(1, id);
                    asignar.setString(2, s.carrito());
                    asignar.setString(3, s.id());
                    asignar.addBatch();
                }
                Map<String, Object> reparto = new LinkedHashMap<>();
                reparto.put("id", id);
                reparto.put("carritos", carritos);
                reparto.put("creado", filas.hora(creado));
                cerrados.add(reparto);
            }
            for (int asignada : asignar.executeBatch()) {
                if (asignada != 1) {
                    c.rollback();
                    return null;
                }
            }
            c.commit();
            return cerrados;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** GET /api/reposiciones: the latest 500 requests and 100 batches, newest first. */
    public Map<String, Object> listado() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            List<Map<String, Object>> solicitudes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(SQL_SOLICITUDES_RECIENTES)) {
                while (rs.next()) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("carrito", rs.getString("carrito"));
                    s.put("stock", rs.getInt("stock"));
                    s.put("hora", filas.hora(rs.getObject("hora")));
                    long reparto = rs.getLong("reparto");
                    s.put("reparto", rs.wasNull() ? null : reparto);
                    solicitudes.add(s);
                }
            }
            List<Map<String, Object>> repartos = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(SQL_REPARTOS_RECIENTES)) {
                while (rs.next()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", rs.getLong("id"));
                    r.put("carritos", List.of(rs.getString("carritos").split(",")));
                    r.put("creado", filas.hora(rs.getObject("creado")));
                    repartos.add(r);
                }
            }
            Map<String, Object> listado = new LinkedHashMap<>();
            listado.put("solicitudes", solicitudes);
            listado.put("repartos", repartos);
            return listado;
        }
    }
}
