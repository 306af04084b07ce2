import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What the store holds after a run, to check an ingestion figure against: every sale answered
 * 202 must be there once, with its client part and its stock record; and how many sale rows
 * lack their client's key (the statistics look those up: they should be few).
 *
 *   java -cp "target/lib/*" bench/Contar.java <jdbc-url> [user]
 */
public class Contar {
    public static void main(String[] a) throws Exception {
        try (Connection c = DriverManager.getConnection(a[0], a.length > 1 ? a[1] : "", "");
                Statement st = c.createStatement()) {
            StringBuilder sb = new StringBuilder("RESULT");
            for (String[] t : new String[][] {{"ventas", "venta"}, {"partes_cliente", "venta_cliente"},
                    {"ventas_sin_clave", "venta WHERE clave IS NULL"},
                    {"stock", "(SELECT carrito, id FROM reporte_stock UNION ALL SELECT carrito, id FROM solicitud_reposicion) s"}}) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t[1])) {
                    rs.next();
                    sb.append(' ').append(t[0]).append('=').append(rs.getLong(1));
                }
            }
            System.out.println(sb);
        }
    }
}
