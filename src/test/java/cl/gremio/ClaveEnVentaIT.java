package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneId;

import cl.gremio.almacen.Estadisticas;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sale row keeps its client's key so the statistics need no join, but when a sale and its
 * client part are stored at the same moment the key stays null on the row. The figures must be
 * the same either way: here one client's two sales are stored both ways, and a third sale has
 * no client part at all.
 */
class ClaveEnVentaIT {

    static final String ESPERADAS = """
            {"fecha":"2026-03-10","carritos":[
              {"carrito":"A-1","ventas":3,"sopaipillas":6,"clientes":1,"promedioPorCliente":6.0,"promedioPorVenta":2.0,
               "clientesFrecuentes":[{"cliente":"ana","compras":2,"sopaipillas":3,"promedio":1.5}]}],
             "totales":{"ventas":3,"sopaipillas":6,"clientes":1,"promedioPorCliente":6.0},"final":false}""";

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void lasCifrasNoDependenDeSiLaVentaGuardoLaClave(String tipo, @TempDir Path dir) throws Exception {
        try (AlmacenDePrueba almacen = AlmacenDePrueba.nuevo(tipo, dir)) {
            comprobar(almacen.ds);
        }
    }

    private static void comprobar(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String venta = "INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave) VALUES ";
            st.execute(venta + "('A-1', 'v1', 1, TIMESTAMP WITH TIME ZONE '2026-03-10 10:00:00-03', 'Ana', 9, 0, 0, 'ana')");
            st.execute(venta + "('A-1', 'v2', 2, TIMESTAMP WITH TIME ZONE '2026-03-10 11:00:00-03', 'ANA', 9, 0, 0, NULL)");
            st.execute(venta + "('A-1', 'v3', 3, TIMESTAMP WITH TIME ZONE '2026-03-10 12:00:00-03', NULL, 9, 0, 0, NULL)");
            String parte = "INSERT INTO venta_cliente (carrito, id, cliente, clave, cantidad) VALUES ";
            st.execute(parte + "('A-1', 'v1', 'Ana', 'ana', 1)");
            st.execute(parte + "('A-1', 'v2', 'ANA', 'ana', 2)");
        }
        String calculadas = new Estadisticas(ds, ZoneId.of("America/Santiago")).calcular("2026-03-10");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(ESPERADAS), json.readTree(calculadas));
    }
}
