package cl.gremio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

import cl.gremio.almacen.Almacen;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.DataUtils;

/**
 * The application with two switches that only tests have, each a file a test creates in the data
 * dir (and this deletes, so a restart does not trip it again): {@code agotar-memoria} allocates
 * until the heap is exhausted, an OutOfMemoryError no request can cause any more (issue 19's
 * were the unbounded lists and statistics, now bounded); {@code cerrar-almacen} makes H2's store
 * panic, as it did after such an error ("This store is closed").
 */
public final class GremioConTrampas {

    private GremioConTrampas() {
    }

    public static void main(String[] args) throws Exception {
        Path datos = Path.of(System.getProperty("gremio.data.dir"));
        Thread trampas = new Thread(() -> vigilar(datos), "trampas-de-prueba");
        trampas.setDaemon(true);
        trampas.start();
        Gremio.main(args);
    }

    private static void vigilar(Path datos) {
        try {
            while (true) {
                Thread.sleep(100);
                if (Files.deleteIfExists(datos.resolve("agotar-memoria"))) {
                    List<long[]> retenido = new ArrayList<>();
                    while (true) {
                        retenido.add(new long[1 << 17]);
                    }
                }
                if (Files.deleteIfExists(datos.resolve("cerrar-almacen"))) {
                    // the same database the application has open (one per file in a JVM): its store panics
                    try (Connection c = DriverManager.getConnection(Almacen.urlPorDefecto(datos))) {
                        SessionLocal sesion = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
                        sesion.getDatabase().getStore().getMvStore().panic(DataUtils.newMVStoreException(
                                DataUtils.ERROR_INTERNAL, "pánico de prueba"));
                    } catch (Exception e) {
                        System.err.println("cerrar-almacen: " + e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
