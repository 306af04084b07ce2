package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Delivery rounds ("repartos"). The route's Aggregator groups replenishment requests; this
 * bean is its strategy and closes a batch in the store. A batch's state is the body: the
 * requests as {@code carrito|id} joined by commas, so a redelivered request is not counted twice
 * and the state survives the JDBC aggregation repository.
 */
public class Repartos implements AggregationStrategy {

    /** Header with the number of distinct requests in the open batch (the completion predicate reads it). */
    public static final String SOLICITUDES = "solicitudes";

    private final DataSource ds;
    private final ZoneId zona;
    private final Filas filas;

    public Repartos(DataSource ds, ZoneId zona) {
        this.ds = ds;
        this.zona = zona;
        this.filas = new Filas(zona);
    }

    @Override
    public Exchange aggregate(Exchange lote, Exchange solicitud) {
        String nueva = solicitud.getMessage().getBody(String.class);
        if (lote == null) {
            solicitud.getMessage().setHeader(SOLICITUDES, 1);
            return solicitud;
        }
        List<String> actuales = new ArrayList<>(Arrays.asList(lote.getMessage().getBody(String.class).split(",")));
        if (!actuales.contains(nueva)) {
            actuales.add(nueva);
        }
        lote.getMessage().setBody(String.join(",", actuales));
        lote.getMessage().setHeader(SOLICITUDES, actuales.size());
        return lote;
    }

    /**
     * Writes the batch and assigns its requests, in one transaction. A batch replayed after a
     * crash (the repository's recovery) finds its requests already assigned and writes nothing.
     *
     * @return the batch as {@code {"id","carritos","creado"}}, or null when there was nothing left to assign
     */
    public Map<String, Object> cerrar(String lote) throws SQLException {
        List<String[]> solicitudes = Arrays.stream(lote.split(",")).map(s -> s.split("\\|", 2)).toList();
        List<String> carritos = solicitudes.stream().map(s -> s[0]).toList();
        OffsetDateTime creado = OffsetDateTime.now(zona);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insertar = c.prepareStatement(
                    "INSERT INTO reparto (carritos, creado) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS);
                    PreparedStatement asignar = c.prepareStatement("UPDATE solicitud_reposicion SET reparto = ? "
                            + "WHERE carrito = ? AND id = ? AND reparto IS NULL")) {
                insertar.setString(1, String.join(",", carritos));
                insertar.setObject(2, creado);
                insertar.executeUpdate();
                long id;
                try (ResultSet keys = insertar.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                int asignadas = 0;
                for (String[] s : solicitudes) {
                    asignar.setLong(1, id);
                    asignar.setString(2, s[0]);
                    asignar.setString(3, s[1]);
                    asignadas += asignar.executeUpdate();
                }
                if (asignadas == 0) {
                    c.rollback();
                    return null;
                }
                c.commit();
                Map<String, Object> reparto = new LinkedHashMap<>();
                reparto.put("id", id);
                reparto.put("carritos", carritos);
                reparto.put("creado", filas.hora(creado));
                return reparto;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** GET /api/reposiciones: the latest 500 requests and 100 batches, newest first. */
    public Map<String, Object> listado() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            List<Map<String, Object>> solicitudes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT carrito, stock, hora, reparto FROM solicitud_reposicion "
                    + "ORDER BY hora DESC, carrito, id LIMIT 500")) {
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
            try (ResultSet rs = st.executeQuery("SELECT id, carritos, creado FROM reparto ORDER BY id DESC LIMIT 100")) {
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
