package cl.gremio.almacen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monthly list of approved members ({@link Publicacion}). */
class PublicacionTest {

    @TempDir
    Path reportes;

    /** The board's POST and the monthly task at once: each writes the whole list, neither fails. */
    @Test
    void dosPublicacionesALaVezEscribenCadaUnaLaListaEntera() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:publicacion" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        int aprobados = 3 * Publicacion.POR_LECTURA + 7;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE miembro (rut VARCHAR(12) PRIMARY KEY, nombre VARCHAR(80), apellido VARCHAR(80),"
                    + " email VARCHAR(254), patente VARCHAR(6), premium BOOLEAN, estado VARCHAR(16))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO miembro VALUES (?, 'Ana', 'Soto', 'a@b.cl', 'BBBB12', TRUE, 'aprobado')")) {
                for (int i = 0; i < aprobados; i++) {
                    ps.setString(1, (10_000_000 + i) + "-5");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        Publicacion publicacion = new Publicacion(ds, ZoneId.of("America/Santiago"), reportes);
        ExecutorService hilos = Executors.newFixedThreadPool(2);
        try {
            for (int vuelta = 0; vuelta < 5; vuelta++) {
                CyclicBarrier salida = new CyclicBarrier(2);
                Callable<Integer> escribir = () -> {
                    salida.await();
                    return publicacion.escribir();
                };
                for (Future<Integer> f : hilos.invokeAll(List.of(escribir, escribir))) {
                    assertEquals(aprobados, f.get());
                }
                try (var archivos = Files.list(reportes)) {
                    List<Path> todos = archivos.toList();
                    assertEquals(1, todos.size(), todos.toString());
                    assertEquals(aprobados + 1, Files.readAllLines(todos.get(0)).size());
                }
            }
        } finally {
            hilos.shutdownNow();
        }
    }
}
