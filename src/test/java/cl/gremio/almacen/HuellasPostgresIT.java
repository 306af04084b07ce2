package cl.gremio.almacen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cl.gremio.Postgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/**
 * Reading a poll's claims back stays an index lookup however the store grew since the connection
 * first ran it: PostgreSQL's plan for all runs, made on a fresh (empty) store, was a sequential
 * scan of every claim per poll (2-3 s a poll at 200k claims in bench/escala.sh).
 */
class HuellasPostgresIT {

    @Test
    void leerLasReclamacionesNoRecorreLaTabla() throws Exception {
        try (Postgres pg = Postgres.nueva();
                HikariDataSource ds = Almacen.abrir(pg.ajustes().get("gremio.db.url"), "postgres", "", 2);
                Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            // a fresh store: the first polls, on the connection every later poll uses
            for (int i = 0; i < 8; i++) {
                Huellas.juzgar(c, partes("temprana-" + i, 3));
                c.commit();
            }
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO venta_huella SELECT 'antes-' || g, 'C1', md5(g::text) FROM generate_series(1, 200000) g");
            }
            c.commit();
            long antes = recorridos(c);
            Huellas.juzgar(c, partes("tarde", 200));
            assertEquals(antes, recorridos(c), "claims read back by a scan of the whole table");
            c.rollback();
        }
    }

    /** Sequential scans of venta_huella this connection made that the statistics have not taken yet. */
    private static long recorridos(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'venta_huella'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Huellas.Parte> partes(String prefijo, int n) {
        List<Huellas.Parte> partes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            partes.add(new Huellas.Parte("C1", prefijo + "-" + i, "0123456789abcdef0123456789abcdef", Map.of()));
        }
        return partes;
    }
}
