package cl.gremio;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/** A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust auth) for one test. */
public final class Postgres implements AutoCloseable {

    static final String SERVIDOR = "jdbc:postgresql://127.0.0.1:5432/";

    public final String nombre = "gremio_prueba_" + UUID.randomUUID().toString().substring(0, 8);

    private Postgres() {
    }

    public static Postgres nueva() throws Exception {
        Postgres pg = new Postgres();
        pg.ejecutar("CREATE DATABASE " + pg.nombre);
        return pg;
    }

    /** The settings that point the application at this database. */
    public Map<String, String> ajustes() {
        return Map.of("gremio.db.url", SERVIDOR + nombre, "gremio.db.user", "postgres");
    }

    @Override
    public void close() throws Exception {
        ejecutar("DROP DATABASE IF EXISTS " + nombre + " WITH (FORCE)");
    }

    private void ejecutar(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVIDOR + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
