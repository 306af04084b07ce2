package cl.gremio.almacen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Statements with named parameters, parsed once and bound by name, run on H2. */
class SqlTest {

    private static Connection h2() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:sql" + System.nanoTime() + ";MODE=PostgreSQL");
        return ds.getConnection();
    }

    @Test
    void unNombreRepetidoSeEnlazaEnCadaLugarYLoCitadoNoEsParametro() throws Exception {
        Sql sql = Sql.analizar("prueba", """
                -- a comment naming :#comentario and holding a ? is left out
                SELECT CAST(:#a AS INT) + :#b AS suma, ':#a y ?' AS texto, "x:#y" , :#a::varchar AS como_texto /* :#otro ? */
                FROM (VALUES (1)) AS "x:#y" ("x:#y")""");

        assertEquals(List.of("a", "b"), sql.parametros());
        try (Connection c = h2(); PreparedStatement ps = sql.preparar(c, Map.of("a", 2, "b", 3, "sobra", 9));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(5, rs.getInt("suma"));
            assertEquals(":#a y ?", rs.getString("texto"));
            assertEquals("2", rs.getString("como_texto"));
        }
    }

    @Test
    void unNombreSinValorEsUnErrorQueNombraLaSentenciaYElNombre() throws Exception {
        Sql sql = Sql.analizar("config/sql/prueba.sql", "SELECT :#cliente, :#propina");
        try (Connection c = h2()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> sql.preparar(c, Map.of("cliente", "Ana")));
            assertTrue(e.getMessage().startsWith("config/sql/prueba.sql uses :#propina, which is not among the values it is given [cliente]"),
                    e.getMessage());

            // a field present without a value (an optional one absent from the record) is NULL
            Map<String, Object> valores = new HashMap<>();
            valores.put("cliente", "Ana");
            valores.put("propina", null);
            try (PreparedStatement ps = sql.preparar(c, valores); ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("Ana", rs.getString(1));
                assertNull(rs.getObject(2));
            }
        }
    }

    @Test
    void unaSentenciaConParametrosSinNombreNoSeAcepta() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Sql.analizar("config/sql/vieja.sql", "UPDATE venta SET clave = ? WHERE id = :#id"));
        assertTrue(e.getMessage().startsWith("config/sql/vieja.sql: parameters are named, :#name, not ?"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Sql.analizar("x", "SELECT :#${header.x}"));
        assertThrows(IllegalStateException.class, () -> Sql.analizar("x", "SELECT 'sin cerrar"));
    }

    /** The rule for every file, the routes' included: one statement, named parameters. */
    @Test
    void cadaSentenciaDeConfigSqlTieneParametrosConNombre() throws Exception {
        try (Stream<Path> archivos = Files.list(Sql.CARPETA)) {
            List<Path> sentencias = archivos.filter(a -> a.toString().endsWith(".sql")).toList();
            assertTrue(sentencias.size() > 40, "config/sql is found from the working directory");
            for (Path archivo : sentencias) {
                String nombre = archivo.getFileName().toString().replaceFirst("\\.sql$", "");
                Sql sql = Sql.de(nombre);
                assertTrue(!sql.jdbc().contains(";"), archivo + " holds one statement");
            }
        }
    }
}
