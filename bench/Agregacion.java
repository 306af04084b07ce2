import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneId;

import cl.gremio.almacen.Almacen;
import cl.gremio.almacen.Estadisticas;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The daily aggregation's time: N sales of one day (200 carts, 5,000 clients) written straight
 * into a fresh store, then Estadisticas.calcular timed on its first run.
 *
 *   java -cp "target/classes:target/lib/*" bench/Agregacion.java h2|postgresql <N> [jdbc-url]
 */
public class Agregacion {
    public static void main(String[] a) throws Exception {
        String almacen = a[0];
        int n = Integer.parseInt(a[1]);
        boolean h2 = almacen.equals("h2");
        String url = h2 ? Almacen.urlPorDefecto(Files.createTempDirectory("gremio-agregacion")) : a[2];
        try (HikariDataSource ds = Almacen.abrir(url, h2 ? "" : "postgres", "")) {
            long t0 = System.nanoTime();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                String serie = h2 ? "SYSTEM_RANGE(1, " + n + ") AS s(x)" : "generate_series(1, " + n + ") AS s(x)";
                // as the consumers leave it: the client's key on the sale row, except for 1 % of the
                // sales, whose two records were stored at the same moment (the statistics look those up)
                st.execute("INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) "
                        + "SELECT 'C-' || CAST(MOD(x, 200) AS VARCHAR), 'v' || CAST(x AS VARCHAR), 1 + MOD(x, 5), "
                        + "TIMESTAMP WITH TIME ZONE '2026-05-01 00:00:00-04' + MOD(x, 86000) * INTERVAL '1' SECOND, "
                        + "'cliente ' || CAST(MOD(x, 5000) AS VARCHAR), 50, -33.4, -70.6, "
                        + "CASE WHEN MOD(x, 100) = 0 THEN NULL ELSE 'cliente ' || CAST(MOD(x, 5000) AS VARCHAR) END FROM " + serie);
                st.execute("INSERT INTO venta_cliente (carrito, id, cliente, clave, cantidad) "
                        + "SELECT carrito, id, cliente, cliente, cantidad FROM venta");
                if (!h2) {
                    st.execute("ANALYZE");
                }
            }
            System.err.printf("%s: %d sales written in %d ms%n", almacen, n, (System.nanoTime() - t0) / 1_000_000);
            // the first computation over fresh data, as the daily run does it (H2 would answer a
            // repeated identical query from its result cache)
            Estadisticas e = new Estadisticas(ds, ZoneId.of("America/Santiago"));
            long t = System.nanoTime();
            String r = e.calcular("2026-05-01");
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (!r.contains("\"totales\":{\"ventas\":" + n + ",")) {
                throw new IllegalStateException("wrong totals: " + r.substring(r.indexOf("\"totales\"")));
            }
            System.out.printf("RESULT store=%s sales=%d aggregation_ms=%d%n", almacen, n, ms);
        }
    }
}
