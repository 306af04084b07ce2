package cl.gremio.almacen;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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

    private static final String SQL_ESTADISTICA_CUERPO = Sql.de("estadistica-cuerpo");
    private static final String SQL_ESTADISTICA_ESTADO = Sql.de("estadistica-estado");
    private static final String SQL_VENTA_ULTIMA_REGISTRADA = Sql.de("venta-ultima-registrada");
    private static final String SQL_ESTADISTICA_FINAL = Sql.de("estadistica-final");
    private static final String SQL_ESTADISTICA_ACTUALIZAR = Sql.de("estadistica-actualizar");
    private static final String SQL_ESTADISTICA_INSERTAR = Sql.de("estadistica-insertar");

    /**
     * One pass over the day: sales per cart and client key (a sale whose client part has not
     * arrived has a null key). Every figure of the contract is a sum over these groups. The key
     * is kept on the sale row (see Lotes.ventas); only where it is missing is the client part
     * looked up, so a day is read without a join.
     */
    private static final String GRUPOS = Sql.de("estadisticas-grupos");

    /**
     * A sale row carries the start of the transaction that stored it, which may commit after a
     * computation began: a row stamped up to this long before a computation may not have been
     * seen by it (a poll's transaction takes well under a second; the rest absorbs clock skew
     * between an instance and the database).
     */
    private static final Duration MARGEN_TARDIAS = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FECHA = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final DataSource ds;
    private final ZoneId zona;
    private final Duration ventana;

    public Estadisticas(DataSource ds, ZoneId zona) {
        this(ds, zona, Duration.ofDays(7));
    }

    /** {@code ventana}: how far back a sale's hora may be; the revision looks at days that recent. */
    public Estadisticas(DataSource ds, ZoneId zona, Duration ventana) {
        this.ds = ds;
        this.zona = zona;
        this.ventana = ventana;
    }

    /** Today in the guild's zone (the original system's POST /Ventas shows today). */
    public String hoy() {
        return LocalDate.now(zona).toString();
    }

    /** The local day (in the guild's zone) of a scheduled firing, as the routes write it. */
    public String diaDe(String disparo) {
        return OffsetDateTime.parse(disparo, Turnos.FORMATO).atZoneSameInstant(zona).toLocalDate().toString();
    }

    /** Computes (or recomputes) day {@code fecha} as provisional statistics, stores it and returns it as JSON. */
    public String calcular(String fecha) throws SQLException {
        return calcular(fecha, false);
    }

    /**
     * Computes (or recomputes) day {@code fecha}, stores it and returns it as JSON; {@code definitiva}
     * only once the day has closed and its sales are consumed (see {@link #porRevisar}).
     */
    public String calcular(String fecha, Boolean definitiva) throws SQLException {
        LocalDate dia = fecha(fecha);
        OffsetDateTime comienzo = OffsetDateTime.now(zona);
        OffsetDateTime desde = dia.atStartOfDay(zona).toOffsetDateTime();
        OffsetDateTime hasta = dia.plusDays(1).atStartOfDay(zona).toOffsetDateTime();
        try (Connection c = ds.getConnection()) {
            // final stays final: the day's sales were all consumed, a later computation sees at least as much
            boolean esFinal = Boolean.TRUE.equals(definitiva) || yaFinal(c, dia);
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
            resultado.put("final", esFinal);
            String cuerpo = JSON.writeValueAsString(resultado);
            guardar(c, dia, cuerpo, comienzo, esFinal);
            return cuerpo;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored statistics of day {@code fecha}; 404 when never computed. */
    public String leer(String fecha) throws SQLException {
        LocalDate dia = fecha(fecha);
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(SQL_ESTADISTICA_CUERPO)) {
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

    /**
     * The closed days of the last {@code ventana} whose statistics should now be computed as final:
     * those with sales or provisional statistics and no final ones yet, and final ones with sales
     * stored after they were computed (a cart that was offline uploads late). Only days that ended
     * by {@code consumidoHasta} (every sale produced before it is stored), none if it is null.
     * Cost: one MAX over each day's sales through the index on hora, ~0.1-0.25 s for a day of 1M
     * sales on PostgreSQL (docs/reliability.md).
     */
    public List<String> porRevisar(OffsetDateTime consumidoHasta) throws SQLException {
        List<String> dias = new ArrayList<>();
        if (consumidoHasta == null) {
            return dias;
        }
        LocalDate hoy = LocalDate.now(zona);
        LocalDate desde = OffsetDateTime.now(zona).minus(ventana).atZoneSameInstant(zona).toLocalDate();
        try (Connection c = ds.getConnection();
                PreparedStatement guardadas = c.prepareStatement(SQL_ESTADISTICA_ESTADO);
                PreparedStatement ultima = c.prepareStatement(SQL_VENTA_ULTIMA_REGISTRADA)) {
            for (LocalDate dia = desde; dia.isBefore(hoy); dia = dia.plusDays(1)) {
                OffsetDateTime fin = dia.plusDays(1).atStartOfDay(zona).toOffsetDateTime();
                if (fin.isAfter(consumidoHasta)) {
                    break; // this day's sales may not all be stored yet; nor the next days'
                }
                Boolean definitiva = null;
                OffsetDateTime calculada = null;
                guardadas.setObject(1, dia);
                try (ResultSet rs = guardadas.executeQuery()) {
                    if (rs.next()) {
                        definitiva = rs.getBoolean(1);
                        calculada = rs.getObject(2, OffsetDateTime.class);
                    }
                }
                ultima.setObject(1, dia.atStartOfDay(zona).toOffsetDateTime());
                ultima.setObject(2, fin);
                OffsetDateTime registrada;
                try (ResultSet rs = ultima.executeQuery()) {
                    rs.next();
                    registrada = rs.getObject(1, OffsetDateTime.class);
                }
                boolean pendiente = definitiva == null ? registrada != null : !definitiva;
                boolean tardias = Boolean.TRUE.equals(definitiva) && registrada != null
                        && registrada.isAfter(calculada.minus(MARGEN_TARDIAS));
                if (pendiente || tardias) {
                    dias.add(dia.toString());
                }
            }
        }
        return dias;
    }

    private static boolean yaFinal(Connection c, LocalDate dia) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL_ESTADISTICA_FINAL)) {
            ps.setObject(1, dia);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void guardar(Connection c, LocalDate dia, String cuerpo, OffsetDateTime comienzo, boolean definitiva)
            throws SQLException {
        // two computations of one day may store at once (a POST, a firing taken over): update the
        // row, else insert it, else (the other inserted it meanwhile) update it
        try (PreparedStatement actualizar = c.prepareStatement(SQL_ESTADISTICA_ACTUALIZAR);
                PreparedStatement insertar = c.prepareStatement(SQL_ESTADISTICA_INSERTAR)) {
            for (PreparedStatement ps : List.of(actualizar, insertar)) {
                ps.setString(1, cuerpo);
                // when the computation began: a sale stored after that may be missing from it
                ps.setObject(2, comienzo);
                ps.setBoolean(3, definitiva);
                ps.setObject(4, dia);
            }
            if (actualizar.executeUpdate() == 0 && insertar.executeUpdate() == 0) {
                actualizar.executeUpdate();
            }
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
