package cl.gremio;

import java.nio.file.Path;

import cl.gremio.almacen.Almacen;
import com.zaxxer.hikari.HikariDataSource;

/** A fresh, migrated store without the application: an H2 file in {@code dir}, or a new PostgreSQL database. */
final class AlmacenDePrueba implements AutoCloseable {

    final HikariDataSource ds;
    private final Postgres pg;

    private AlmacenDePrueba(HikariDataSource ds, Postgres pg) {
        this.ds = ds;
        this.pg = pg;
    }

    /** {@code tipo}: "h2" or "postgresql". */
    static AlmacenDePrueba nuevo(String tipo, Path dir) throws Exception {
        if (tipo.equals("h2")) {
            return new AlmacenDePrueba(Almacen.abrir(Almacen.urlPorDefecto(dir), "", ""), null);
        }
        Postgres pg = Postgres.nueva();
        return new AlmacenDePrueba(Almacen.abrir(pg.ajustes().get("gremio.db.url"), "postgres", ""), pg);
    }

    @Override
    public void close() throws Exception {
        ds.close();
        if (pg != null) {
            pg.close();
        }
    }
}
