package cl.gremio.almacen;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the SQL store answers. Without it consumers cannot write and must not take records. */
public class SaludAlmacen extends AbstractHealthCheck {

    private final DataSource ds;

    public SaludAlmacen(DataSource ds) {
        super("gremio", "almacen");
        this.ds = ds;
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage is not a reason to restart the application
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = ds.getConnection()) {
            if (c.isValid(2)) {
                builder.up();
            } else {
                builder.message("the database did not answer within 2 s").down();
            }
        } catch (Exception e) {
            builder.message("the database is not reachable: " + e.getMessage()).error(e).down();
        }
    }
}
