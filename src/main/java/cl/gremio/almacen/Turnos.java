package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * What the scheduled-work routes (routes/turnos.camel.yaml) cannot say in SQL and Simple alone:
 * the firing times they exchange as text, when this instance started, and which firings are
 * waiting for someone to take them.
 */
public class Turnos {

    private static final Sql SQL_TURNOS_PENDIENTES = Sql.de("turnos-pendientes");

    /** How firings are written in headers and cast to TIMESTAMP WITH TIME ZONE by the routes. */
    public static final DateTimeFormatter FORMATO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSXXX");

    private final DataSource ds;
    private final ZoneId zona;
    private final Instant iniciada = Instant.now();

    public Turnos(DataSource ds, ZoneId zona) {
        this.ds = ds;
        this.zona = zona;
    }

    /** When this instance started: a claim under its name taken before then belongs to a previous life. */
    public String iniciada() {
        return texto(iniciada);
    }

    /** Now, and now minus the claim's lease: a claim older than that has lapsed. */
    public String ahora() {
        return texto(Instant.now());
    }

    public String vencidaAntesDe(long plazoMs) {
        return texto(Instant.now().minusMillis(plazoMs));
    }

    /**
     * A periodic task's firing: now rounded down to its period, the same on every instance
     * whose timer fires within that period, so it runs once per period in the cluster.
     */
    public String ranura(long periodoMs) {
        long ahora = System.currentTimeMillis();
        return texto(Instant.ofEpochMilli(ahora - ahora % periodoMs));
    }

    /**
     * Firings that are not completed and that nobody holds: released after a failure, claimed
     * longer ago than the lease (its instance died or hangs), or claimed under this instance's
     * name before it started (it died and came back).
     */
    public List<Map<String, Object>> pendientes(String instancia, long plazoMs) throws SQLException {
        List<Map<String, Object>> firings = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = SQL_TURNOS_PENDIENTES.preparar(c, Map.of(
                        "vencida", Instant.now().minusMillis(plazoMs).atZone(zona).toOffsetDateTime(),
                        "instancia", instancia,
                        "iniciada", iniciada.atZone(zona).toOffsetDateTime()));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                firings.add(Map.of("tarea", rs.getString(1),
                        "disparo", FORMATO.format(rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(zona))));
            }
        }
        return firings;
    }

    private String texto(Instant instante) {
        return FORMATO.format(instante.atZone(zona));
    }
}
