package cl.gremio.almacen;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import cl.gremio.entrada.Rechazo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The daily statistics exactly as the contract defines them, computed in SQL over the sales
 * of one local day in the guild's zone, stored, and served as stored.
 */
public class Estadisticas {

    private static final String POR_CARRITO = """
            SELECT v.carrito, COUNT(*) AS ventas, SUM(v.cantidad) AS sopaipillas, COUNT(DISTINCT c.clave) AS clientes
            FROM venta v LEFT JOIN venta_cliente c ON c.carrito = v.carrito AND c.id = v.id
            WHERE v.hora >= ? AND v.hora < ?
            GROUP BY v.carrito""";
    private static final String FRECUENTES = """
            SELECT v.carrito, c.clave, COUNT(*) AS compras, SUM(v.cantidad) AS sopaipillas
            FROM venta v JOIN venta_cliente c ON c.carrito = v.carrito AND c.id = v.id
            WHERE v.hora >= ? AND v.hora < ?
            GROUP BY v.carrito, c.clave
            HAVING COUNT(*) >= 2""";
    private static final String TOTALES = """
            SELECT COUNT(*) AS ventas, COALESCE(SUM(v.cantidad), 0) AS sopaipillas, COUNT(DISTINCT c.clave) AS clientes
            FROM venta v LEFT JOIN venta_cliente c ON c.carrito = v.carrito AND c.id = v.id
            WHERE v.hora >= ? AND v.hora < ?""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource ds;
    private final ZoneId zona;

    public Estadisticas(DataSource ds, ZoneId zona) {
        this.ds = ds;
        this.zona = zona;
    }

    /** Today in the guild's zone, as the scheduled run computes it. */
    public String hoy() {
        return LocalDate.now(zona).toString();
    }

    /** Computes (or recomputes) day {@code fecha}, stores it and returns it as JSON. */
    public String calcular(String fecha) throws SQLException {
        LocalDate dia = fecha(fecha);
        OffsetDateTime desde = dia.atStartOfDay(zona).toOffsetDateTime();
        OffsetDateTime hasta = dia.plusDays(1).atStartOfDay(zona).toOffsetDateTime();
        try (Connection c = ds.getConnection()) {
            Map<String, Map<String, Object>> carritos = new TreeMap<>();
            for (Map<String, Object> fila : consultar(c, POR_CARRITO, desde, hasta)) {
                long ventas = numero(fila, "ventas");
                long sopaipillas = numero(fila, "sopaipillas");
                long clientes = numero(fila, "clientes");
                Map<String, Object> carrito = new LinkedHashMap<>();
                carrito.put("carrito", fila.get("carrito"));
                carrito.put("ventas", ventas);
                carrito.put("sopaipillas", sopaipillas);
                carrito.put("clientes", clientes);
                carrito.put("promedioPorCliente", promedio(sopaipillas, clientes));
                carrito.put("promedioPorVenta", promedio(sopaipillas, ventas));
                carrito.put("clientesFrecuentes", new ArrayList<Map<String, Object>>());
                carritos.put((String) fila.get("carrito"), carrito);
            }
            List<Map<String, Object>> frecuentes = consultar(c, FRECUENTES, desde, hasta);
            frecuentes.sort(Comparator.<Map<String, Object>>comparingLong(f -> -numero(f, "compras"))
                    .thenComparingLong(f -> -numero(f, "sopaipillas"))
                    .thenComparing(f -> (String) f.get("clave")));
            for (Map<String, Object> f : frecuentes) {
                long compras = numero(f, "compras");
                long sopaipillas = numero(f, "sopaipillas");
                Map<String, Object> cliente = new LinkedHashMap<>();
                cliente.put("cliente", f.get("clave"));
                cliente.put("compras", compras);
                cliente.put("sopaipillas", sopaipillas);
                cliente.put("promedio", promedio(sopaipillas, compras));
                lista(carritos.get((String) f.get("carrito"))).add(cliente);
            }
            Map<String, Object> t = consultar(c, TOTALES, desde, hasta).get(0);
            Map<String, Object> totales = new LinkedHashMap<>();
            totales.put("ventas", numero(t, "ventas"));
            totales.put("sopaipillas", numero(t, "sopaipillas"));
            totales.put("clientes", numero(t, "clientes"));
            totales.put("promedioPorCliente", promedio(numero(t, "sopaipillas"), numero(t, "clientes")));

            Map<String, Object> resultado = new LinkedHashMap<>();
            resultado.put("fecha", dia.toString());
            resultado.put("carritos", new ArrayList<>(carritos.values()));
            resultado.put("totales", totales);
            String cuerpo = JSON.writeValueAsString(resultado);
            guardar(c, dia, cuerpo);
            return cuerpo;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored statistics of day {@code fecha}; 404 when never computed. */
    public String leer(String fecha) throws SQLException {
        LocalDate dia = fecha(fecha);
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT cuerpo FROM estadistica_diaria WHERE fecha = ?")) {
            ps.setObject(1, dia);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Rechazo.noEncontrado("las estadísticas de " + dia + " no se han calculado; "
                            + "POST /api/estadisticas/" + dia + " las calcula");
                }
                return rs.getString(1);
            }
        }
    }

    /** The statistics as a CSV report: one line per cart, then the totals. */
    public String csv(String estadisticas) throws JsonProcessingException {
        var raiz = JSON.readTree(estadisticas);
        StringBuilder sb = new StringBuilder(
                "fecha,carrito,ventas,sopaipillas,clientes,promedioPorCliente,promedioPorVenta,clientesFrecuentes\n");
        String fecha = raiz.get("fecha").asText();
        for (var c : raiz.get("carritos")) {
            StringBuilder frecuentes = new StringBuilder();
            for (var f : c.get("clientesFrecuentes")) {
                frecuentes.append(frecuentes.isEmpty() ? "" : "; ").append(f.get("cliente").asText())
                        .append(" (").append(f.get("compras").asLong()).append(" compras, ")
                        .append(f.get("sopaipillas").asLong()).append(" sopaipillas)");
            }
            sb.append(fecha).append(',').append(c.get("carrito").asText()).append(',')
                    .append(c.get("ventas").asLong()).append(',').append(c.get("sopaipillas").asLong()).append(',')
                    .append(c.get("clientes").asLong()).append(',').append(c.get("promedioPorCliente").asText())
                    .append(',').append(c.get("promedioPorVenta").asText()).append(',')
                    .append(Reportes.celda(frecuentes.toString())).append('\n');
        }
        var t = raiz.get("totales");
        sb.append(fecha).append(",TOTAL,").append(t.get("ventas").asLong()).append(',')
                .append(t.get("sopaipillas").asLong()).append(',').append(t.get("clientes").asLong()).append(',')
                .append(t.get("promedioPorCliente").asText()).append(",,\n");
        return sb.toString();
    }

    LocalDate fecha(String fecha) {
        try {
            return LocalDate.parse(fecha == null ? "" : fecha);
        } catch (DateTimeParseException e) {
            throw Rechazo.campo("fecha", "fecha debe ser una fecha YYYY-MM-DD");
        }
    }

    private void guardar(Connection c, LocalDate dia, String cuerpo) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement borrar = c.prepareStatement("DELETE FROM estadistica_diaria WHERE fecha = ?");
                PreparedStatement insertar = c.prepareStatement(
                        "INSERT INTO estadistica_diaria (fecha, cuerpo, calculada) VALUES (?, ?, ?)")) {
            borrar.setObject(1, dia);
            borrar.executeUpdate();
            insertar.setObject(1, dia);
            insertar.setString(2, cuerpo);
            insertar.setObject(3, OffsetDateTime.now(zona));
            insertar.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static List<Map<String, Object>> consultar(Connection c, String sql, OffsetDateTime desde,
            OffsetDateTime hasta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, desde);
            ps.setObject(2, hasta);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> filas = new ArrayList<>();
                int columnas = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> fila = new LinkedHashMap<>();
                    for (int i = 1; i <= columnas; i++) {
                        fila.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                                rs.getObject(i));
                    }
                    filas.add(fila);
                }
                return filas;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lista(Map<String, Object> carrito) {
        return (List<Map<String, Object>>) carrito.get("clientesFrecuentes");
    }

    private static long numero(Map<String, Object> fila, String columna) {
        Object v = fila.get(columna);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Averages are numbers rounded to 2 decimals; nothing to divide by gives 0. */
    static double promedio(long total, long divisor) {
        return divisor == 0 ? 0 : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(divisor), 2,
                RoundingMode.HALF_UP).doubleValue();
    }
}
