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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import cl.gremio.entrada.Campos;
import cl.gremio.entrada.Rechazo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The daily statistics exactly as the contract defines them, computed in SQL over the sales
 * of one local day in the guild's zone, stored, and served as stored.
 */
public class Estadisticas {

    /**
     * One pass over the day: sales per cart and client key (a sale whose client part has not
     * arrived has a null key). Every figure of the contract is a sum over these groups. The key
     * is kept on the sale row (see Lotes.ventas); only where it is missing is the client part
     * looked up, so a day is read without a join.
     */
    private static final String GRUPOS = """
            SELECT carrito, clave, COUNT(*) AS compras, SUM(cantidad) AS sopaipillas
            FROM (SELECT v.carrito, v.cantidad, COALESCE(v.clave,
                         (SELECT c.clave FROM venta_cliente c WHERE c.carrito = v.carrito AND c.id = v.id)) AS clave
                  FROM venta v WHERE v.hora >= ? AND v.hora < ?) AS dia
            GROUP BY carrito, clave""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FECHA = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

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
            Map<String, Carrito> carritos = new TreeMap<>();
            Set<String> clientes = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(GRUPOS)) {
                ps.setObject(1, desde);
                ps.setObject(2, hasta);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String clave = rs.getString("clave");
                        carritos.computeIfAbsent(rs.getString("carrito"), k -> new Carrito())
                                .sumar(clave, rs.getLong("compras"), rs.getLong("sopaipillas"));
                        if (clave != null) {
                            clientes.add(clave);
                        }
                    }
                }
            }
            long ventas = 0;
            long sopaipillas = 0;
            List<Map<String, Object>> porCarrito = new ArrayList<>();
            for (var e : carritos.entrySet()) {
                porCarrito.add(e.getValue().figuras(e.getKey()));
                ventas += e.getValue().ventas;
                sopaipillas += e.getValue().sopaipillas;
            }
            Map<String, Object> totales = new LinkedHashMap<>();
            totales.put("ventas", ventas);
            totales.put("sopaipillas", sopaipillas);
            totales.put("clientes", (long) clientes.size());
            totales.put("promedioPorCliente", promedio(sopaipillas, clientes.size()));

            Map<String, Object> resultado = new LinkedHashMap<>();
            resultado.put("fecha", dia.toString());
            resultado.put("carritos", porCarrito);
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

    /** A date in a path: YYYY-MM-DD, a real calendar day from 2000-01-01 to tomorrow in the zone. */
    LocalDate fecha(String fecha) {
        LocalDate dia;
        try {
            dia = fecha != null && FECHA.matcher(fecha).matches() ? LocalDate.parse(fecha) : null;
        } catch (DateTimeParseException e) {
            dia = null;
        }
        LocalDate manana = LocalDate.now(zona).plusDays(1);
        if (dia == null || dia.isBefore(Campos.PRIMER_DIA) || dia.isAfter(manana)) {
            throw Rechazo.campo("fecha", "fecha debe ser una fecha YYYY-MM-DD entre " + Campos.PRIMER_DIA + " y " + manana);
        }
        return dia;
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

    /** One cart's day, summed over its groups of sales by client. */
    private static final class Carrito {
        long ventas;
        long sopaipillas;
        long clientes;
        final List<Map<String, Object>> frecuentes = new ArrayList<>();

        void sumar(String clave, long compras, long sopaipillasDelCliente) {
            ventas += compras;
            sopaipillas += sopaipillasDelCliente;
            if (clave == null) {
                return;
            }
            clientes++;
            if (compras >= 2) {
                Map<String, Object> cliente = new LinkedHashMap<>();
                cliente.put("cliente", clave);
                cliente.put("compras", compras);
                cliente.put("sopaipillas", sopaipillasDelCliente);
                cliente.put("promedio", promedio(sopaipillasDelCliente, compras));
                frecuentes.add(cliente);
            }
        }

        /** The contract's fields; frequent clients by most purchases, then most sopaipillas, then name. */
        Map<String, Object> figuras(String carrito) {
            frecuentes.sort(Comparator.<Map<String, Object>>comparingLong(f -> -(long) f.get("compras"))
                    .thenComparingLong(f -> -(long) f.get("sopaipillas"))
                    .thenComparing(f -> (String) f.get("cliente")));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("carrito", carrito);
            m.put("ventas", ventas);
            m.put("sopaipillas", sopaipillas);
            m.put("clientes", clientes);
            m.put("promedioPorCliente", promedio(sopaipillas, clientes));
            m.put("promedioPorVenta", promedio(sopaipillas, ventas));
            m.put("clientesFrecuentes", frecuentes);
            return m;
        }
    }

    /** Averages are numbers rounded to 2 decimals; nothing to divide by gives 0. */
    static double promedio(long total, long divisor) {
        return divisor == 0 ? 0 : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(divisor), 2,
                RoundingMode.HALF_UP).doubleValue();
    }
}
