package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeException;
import org.apache.camel.Service;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Whether the SQL store can take what the application would acknowledge, kept as a state that is
 * cheap to read: the consumers' outcomes set it (a poll stored, a store failure) and a probe every
 * {@code gremio.almacen.sondeo-ms} confirms it. Readiness reports it; write routes ask
 * {@link #exigir} and answer 503 with Retry-After while it is down, so a 202 is never given for
 * what could not be stored (PostgreSQL down, connections cut).
 * <p>
 * An H2 store that closes itself while the application runs (a panic: "This store is closed",
 * "Database is already closed") is not waited for: the process ends at once, as a kill -9 would,
 * and its supervisor starts it again; H2 then opens its file cleanly. Running on, H2 would reopen
 * the file behind the pool while the old store's threads may still hold it, and a commit made
 * after the panic is reported done without being written (issue 19, item 6). Nothing is
 * acknowledged to Kafka once the closing is seen ({@link #cerrado()}).
 */
public class SaludAlmacen extends AbstractHealthCheck implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(SaludAlmacen.class);
    /** Exit code of a process ended because its H2 store closed: EX_TEMPFAIL, start it again. */
    public static final int SALIDA_ALMACEN_CERRADO = 75;
    /** The instance watching each H2 database, by its URL, for {@link VigiaH2}. */
    private static final Map<String, SaludAlmacen> POR_URL = new ConcurrentHashMap<>();

    private final DataSource ds;
    private final String url;
    private final long sondeoMs;
    private volatile String problema;
    private volatile boolean cerrado;
    private volatile ScheduledExecutorService sondeo;

    /** Without a probe: for checks that call {@link #sondear} themselves. */
    public SaludAlmacen(DataSource ds) {
        this(ds, null, 0);
    }

    /** Watches {@code ds} (whose JDBC URL is {@code url}), probing it every {@code sondeoMs} (0: never). */
    public SaludAlmacen(DataSource ds, String url, long sondeoMs) {
        super("gremio", "almacen");
        this.ds = ds;
        this.url = url;
        this.sondeoMs = sondeoMs;
        if (url != null) {
            POR_URL.put(base(url), this);
        }
        sondear();
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage is not a reason to restart the application (a closed H2 ends it itself)
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String p = problema;
        if (p == null) {
            builder.up();
        } else {
            builder.message("the store is not usable: " + p).down();
        }
    }

    /** Starts the probe. */
    @Override
    public void start() {
        if (sondeoMs > 0 && sondeo == null) {
            sondeo = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gremio-sondeo-almacen");
                t.setDaemon(true);
                return t;
            });
            sondeo.scheduleWithFixedDelay(this::sondear, sondeoMs, sondeoMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (sondeo != null) {
            sondeo.shutdownNow();
            sondeo = null;
        }
        if (url != null) {
            POR_URL.remove(base(url), this);
        }
    }

    /** For write routes: throws {@link AlmacenNoDisponible} (a 503 with Retry-After) while the store is down. */
    public void exigir() {
        String p = problema;
        if (p != null) {
            throw new AlmacenNoDisponible(p);
        }
    }

    /** A consumer stored what it read: the store is usable. */
    public void guardado() {
        if (problema != null && !cerrado) {
            LOG.info("The SQL store is usable again");
            problema = null;
        }
    }

    /** A consumer's store write failed (not the record's fault): down until a write or the probe succeeds. */
    public void fallo(@ExchangeException Throwable error) {
        if (error == null || !delAlmacen(error)) {
            return; // not the store's (a DLT send that Kafka refused): readiness says so for Kafka
        }
        vigilar(error);
        if (problema == null) {
            LOG.warn("The SQL store is not usable ({}): writes answer 503 until it is", error.getMessage());
        }
        problema = String.valueOf(error.getMessage());
    }

    /** Any failure: if it says that H2 closed the store, the process ends. */
    public void vigilar(@ExchangeException Throwable error) {
        if (error != null && h2Cerrado(error)) {
            cerrar("H2 reports its store closed: " + error);
        }
    }

    /** True once this store was seen closed: nothing may be acknowledged to Kafka any more. */
    public boolean cerrado() {
        return cerrado;
    }

    /** Tries the store now: a connection and a trivial query. */
    void sondear() {
        // isValid, not a statement's query timeout: H2 keeps that timeout on the session, so the
        // pooled connection then cancelled any longer statement (a day's statistics) after 2 s
        try (Connection c = ds.getConnection()) {
            if (!c.isValid(2)) {
                throw new SQLException("the store did not answer a check within 2 s");
            }
            guardado();
        } catch (SQLException | RuntimeException e) {
            fallo(e instanceof SQLException ? e : new SQLException(e.getMessage(), e));
        }
    }

    /**
     * H2 is closing the database (see {@link VigiaH2}): after a panic, or simply because the pool's
     * last connection went. Writes wait (503) until the probe, run at once, says which: a store
     * that answers again was closed cleanly; one that reports itself closed ends the process.
     */
    void cerrandose() {
        problema = "H2 closed the database";
        ScheduledExecutorService s = sondeo;
        if (s != null) {
            try {
                s.execute(this::sondear);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** H2 reports its store closed: the process ends, unless it is stopping. */
    void cerrar(String motivo) {
        cerrado = true;
        problema = motivo;
        CamelContext context = getCamelContext();
        if (context == null || !context.isStarted() || apagandose()) {
            return; // the application or the JVM is stopping: closing the store is part of it
        }
        LOG.error("{}. Ending the process (exit code {}) so that its supervisor starts it again and H2 opens"
                + " its file cleanly; nothing more is acknowledged to Kafka", motivo, SALIDA_ALMACEN_CERRADO);
        Runtime.getRuntime().halt(SALIDA_ALMACEN_CERRADO);
    }

    /** The instance watching the H2 database at {@code url}, if any. */
    static SaludAlmacen de(String url) {
        return url == null ? null : POR_URL.get(base(url));
    }

    /** A JDBC URL without its settings: the database it names. */
    private static String base(String url) {
        int i = url.indexOf(';');
        return i < 0 ? url : url.substring(0, i);
    }

    private static boolean apagandose() {
        Thread prueba = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(prueba);
            Runtime.getRuntime().removeShutdownHook(prueba);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** A failure of the store itself (SQL, the pool, Spring's translation of them), not of Kafka. */
    static boolean delAlmacen(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof DataAccessException
                    || t.getClass().getName().startsWith("org.h2.")) {
                return true;
            }
        }
        return false;
    }

    /** H2's ways of saying its store is closed: error codes 90098, 90121, or the MVStore's own message. */
    static boolean h2Cerrado(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == 90098 || s.getErrorCode() == 90121)) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("This store is closed") || m.contains("This map is closed")
                    || m.contains("Database is already closed"))) {
                return true;
            }
        }
        return false;
    }
}
