package cl.gremio.almacen;

import java.sql.SQLException;

import org.h2.api.DatabaseEventListener;

/**
 * H2 tells this listener (named in the store's URL, {@code DATABASE_EVENT_LISTENER}) when a
 * statement fails and when it closes the database. A failure saying the store is closed goes to
 * the {@link SaludAlmacen} watching that database, which ends the process; a close (also H2's
 * ordinary close when the pool's last connection goes) makes it probe the store at once.
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
            salud.cerrandose();
        }
    }
}
