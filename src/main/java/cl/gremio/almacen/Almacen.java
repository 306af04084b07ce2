package cl.gremio.almacen;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL store: an H2 file in the data dir by default, PostgreSQL when {@code gremio.db.url}
 * is a {@code jdbc:postgresql:} URL. Flyway brings the schema up to date before any route runs.
 */
public final class Almacen {

    private static final Logger LOG = LoggerFactory.getLogger(Almacen.class);

    private Almacen() {
    }

    /**
     * H2 runs in PostgreSQL mode so one set of SQL serves both. WRITE_DELAY=0 writes every
     * commit to the file at once: a consumer commits its Kafka offset right after the row, and
     * a kill -9 must not take back a row whose offset is already committed. {@link VigiaH2} hears
     * from H2 when it closes the database or a statement fails (a closed store ends the process).
     */
    public static String urlPorDefecto(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gremio")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
                + ";DATABASE_EVENT_LISTENER='" + VigiaH2.class.getName() + "'";
    }

    public static HikariDataSource abrir(String url, String usuario, String clave) {
        return abrir(url, usuario, clave, 8);
    }

    /** {@code conexiones}: the pool's size, what the instance's consumers and readers hold at once. */
    public static HikariDataSource abrir(String url, String usuario, String clave, int conexiones) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gremio");
        config.setJdbcUrl(url);
        config.setUsername(usuario);
        config.setPassword(clave);
        config.setMaximumPoolSize(conexiones);
        // while the database is away, give up on a connection after 5 s: consumers retry and
        // readiness answers DOWN quickly instead of hanging for Hikari's default 30 s
        config.setConnectionTimeout(5_000);
        // fail at start with the driver's own message when the database is not there
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(config);
        migrar(ds);
        LOG.info("SQL store ready at {}", url.replaceAll("password=[^&;]*", "password=***"));
        return ds;
    }

    /**
     * The schema of {@code config/migraciones}, which both stores share, and on H2 also
     * {@code config/migraciones-h2}: what only the embedded store needs (both read from the working
     * directory, beside the routes). One numbering for both folders: a new migration, in either,
     * takes a version above every existing one (H2's 7.1 came after the shared 7; the next is 8).
     */
    static void migrar(DataSource ds) {
        String[] lugares = esH2(ds) ? new String[] {"filesystem:config/migraciones", "filesystem:config/migraciones-h2"}
                : new String[] {"filesystem:config/migraciones"};
        var resultado = Flyway.configure().dataSource(ds).locations(lugares).load().migrate();
        if (resultado.migrationsExecuted > 0) {
            LOG.info("Applied {} schema migration(s), schema now at version {}", resultado.migrationsExecuted,
                    resultado.targetSchemaVersion);
        }
    }

    private static boolean esH2(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return "H2".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("the store does not answer: " + e.getMessage(), e);
        }
    }
}
