package cl.gremio.almacen;

import java.sql.SQLException;

import org.h2.api.DatabaseEventListener;

/**
 * H2 tells this listener (named in the store's URL, {@code DATABASE_EVENT_LISTENER}) when it
 * closes the database and when a statement fails. A close while the application runs, or a
 * failure saying the store is closed, goes to the {@link SaludAlmacen} watching that database,
 * which ends the process: the moment H2 gives up, not the next time a consumer or the probe asks.
 */
public class VigiaH2 implements DatabaseEventListener {

    private volatile String url;

    @Override
    public void init(String url) {
        this.url = url;
    }

    @Override
    public void exceptionThrown(SQLException e, String sql) {
        SaludAlmacen salud = SaludAlmacen.de(url);
        if (salud != null) {
            salud.vigilar(e);
        }
    }

    @Override
    public void closingDatabase() {
        SaludAlmacen salud = SaludAlmacen.de(url);
        if (salud != null) {
            salud.cerrar("H2 closed the database");
        }
    }
}
