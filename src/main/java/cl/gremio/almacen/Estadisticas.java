package cl.gremio.almacen;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import cl.gremio.entrada.Campos;
import cl.gremio.entrada.Rechazo;
import cl.gremio.web.Paginacion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The daily statistics exactly as the contract defines them, computed in the store (INSERT ...
 * SELECT ... GROUP BY into a row per cart, totals in SQL), stored, and served a page of carts at
 * a time: no day, however many carts it has, is ever held whole in memory.
 * <p>
 * Bounded work: one computation per day at a time, shared by whoever asks for it meanwhile
 * (single flight); at most {@code simultaneos} computations at once, a request waits up to
 * {@code espera} for its turn and then gets a 503; a POST recomputes a day at most once per
 * {@code recalculo} (within it the stored statistics are the answer).
 */
public class Estadisticas {

    private static final Sql SQL_ESTADISTICA_CUERPO = Sql.de("estadistica-cuerpo");
    private static final Sql SQL_ESTADISTICA_ESTADO = Sql.de("estadistica-estado");
    private static final Sql SQL_VENTA_ULTIMA_REGISTRADA = Sql.de("venta-ultima-registrada");
    private static final Sql SQL_ESTADISTICA_FINAL = Sql.de("estadistica-final");
    private static final Sql SQL_ESTADISTICA_ACTUALIZAR = Sql.de("estadistica-actualizar");
    private static final Sql SQL_ESTADISTICA_INSERTAR = Sql.de("estadistica-insertar");
    private static final Sql SQL_FRECUENTES_SOBRANTES = Sql.de("estadisticas-frecuentes-sobrantes");
    private static final Sql SQL_CARRITOS = Sql.de("estadisticas-carritos");
    private static final Sql SQL_FRECUENTES = Sql.de("estadisticas-frecuentes");
    private static final Sql SQL_TOTALES = Sql.de("estadisticas-totales");
    private static final Sql SQL_PAGINA = Sql.de("estadisticas-pagina");
    private static final Sql SQL_PAGINA_FRECUENTES = Sql.de("estadisticas-pagina-frecuentes");

    /** Carts per page of the CSV report as it is written (the whole day, a page at a time). */
    private static final int CARRITOS_POR_LECTURA = 1000;

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
    private final Path reportes;
    private final Paginacion paginacion;
    private final int frecuentesMax;
    private final Semaphore cupos;
    private final Duration espera;
    private final Duration recalculo;
    /** The computation under way per day, which a caller for the same day joins: its result says whether it was final. */
    private final ConcurrentHashMap<LocalDate, CompletableFuture<Boolean>> enCurso = new ConcurrentHashMap<>();
    /** When this instance last finished computing each day (System.nanoTime): at most one entry per possible date. */
    private final ConcurrentHashMap<LocalDate, Long> terminadas = new ConcurrentHashMap<>();

    public Estadisticas(DataSource ds, ZoneId zona) {
        this(ds, zona, Duration.ofDays(7));
    }

    /** {@code ventana}: how far back a sale's hora may be; the revision looks at days that recent. */
    public Estadisticas(DataSource ds, ZoneId zona, Duration ventana) {
        this(ds, zona, ventana, null, new Paginacion(100, 500), 10, 2, Duration.ofSeconds(10), Duration.ZERO);
    }

    /**
     * @param reportes where the CSV report of each computed day goes (null: none)
     * @param frecuentesMax frequent clients kept per cart (gremio.estadisticas.frecuentes-max)
     * @param simultaneos computations at once (gremio.estadisticas.calculos-simultaneos)
     * @param espera how long a request waits for a computation or its turn before a 503 (gremio.estadisticas.espera-ms)
     * @param recalculo a POST recomputes a day at most once per this long (gremio.estadisticas.recalculo-segundos)
     */
    public Estadisticas(DataSource ds, ZoneId zona, Duration ventana, Path reportes, Paginacion paginacion,
            int frecuentesMax, int simultaneos, Duration espera, Duration recalculo) {
        this.ds = ds;
        this.zona = zona;
        this.ventana = ventana;
        this.reportes = reportes;
        this.paginacion = paginacion;
        this.frecuentesMax = frecuentesMax;
        this.cupos = new Semaphore(simultaneos, true);
        this.espera = espera;
        this.recalculo = recalculo;
    }

    /** With the settings {@code ajuste} gives (gremio.estadisticas.*); reports in {@code dataDir}/reportes. */
    public static Estadisticas con(DataSource ds, ZoneId zona, Duration ventana, Path dataDir, Paginacion paginacion,
            UnaryOperator<String> ajuste) {
        return new Estadisticas(ds, zona, ventana, dataDir.resolve("reportes"), paginacion,
                Integer.parseInt(ajuste.apply("gremio.estadisticas.frecuentes-max")),
                Integer.parseInt(ajuste.apply("gremio.estadisticas.calculos-simultaneos")),
                Duration.ofMillis(Long.parseLong(ajuste.apply("gremio.estadisticas.espera-ms"))),
                Duration.ofSeconds(Long.parseLong(ajuste.apply("gremio.estadisticas.recalculo-segundos"))));
    }

    /** Today in the guild's zone (the original system's POST /Ventas shows today). */
    public String hoy() {
        return LocalDate.now(zona).toString();
    }

    /** The local day (in the guild's zone) of a scheduled firing, as the routes write it. */
    public String diaDe(String disparo) {
        return OffsetDateTime.parse(disparo, Turnos.FORMATO).atZoneSameInstant(zona).toLocalDate().toString();
    }

    /** Computes day {@code fecha} as provisional statistics and returns its first page as JSON (all carts up to the maximum page). */
    public String calcular(String fecha) throws Exception {
        calcular(fecha, false);
        return JSON.writeValueAsString(pagina(fecha(fecha), paginacion.maximo(), "", null));
    }

    /**
     * The scheduled run and the revision: computes (or recomputes) day {@code fecha} and stores it,
     * with its CSV report; {@code definitiva} only once the day has closed and its sales are
     * consumed (see {@link #porRevisar}). Waits for its turn as long as it takes.
     */
    public void calcular(String fecha, Boolean definitiva) throws Exception {
        unaVez(fecha(fecha), Boolean.TRUE.equals(definitiva), null);
    }

    /**
     * A request's computation (POST): a day computed less than {@code recalculo} ago is not
     * computed again; one under way is joined; a turn not had within {@code espera} is a 503.
     */
    public void calcularPedido(String fecha) throws Exception {
        LocalDate dia = fecha(fecha);
        if (!recalculo.isZero()) {
            // a computation that took longer than the window ended recently though it began long ago
            Long fin = terminadas.get(dia);
            if (fin != null && System.nanoTime() - fin < recalculo.toNanos()) {
                return;
            }
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = SQL_ESTADISTICA_CUERPO.preparar(c, Map.of("fecha", dia))) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean("por_carrito") && rs.getObject("calculada", OffsetDateTime.class)
                            .isAfter(OffsetDateTime.now(zona).minus(recalculo))) {
                        return;
                    }
                }
            }
        }
        unaVez(dia, false, espera);
    }

    /**
     * One computation of {@code dia} at a time: a caller finding one under way waits for it (a
     * final one is computed again after a provisional one that was under way). {@code plazo}:
     * how long to wait, for the run joined and for a turn; null waits as long as it takes.
     */
    private void unaVez(LocalDate dia, boolean definitiva, Duration plazo) throws Exception {
        long hasta = plazo == null ? Long.MAX_VALUE : System.nanoTime() + plazo.toNanos();
        while (true) {
            CompletableFuture<Boolean> propia = new CompletableFuture<>();
            CompletableFuture<Boolean> ajena = enCurso.putIfAbsent(dia, propia);
            if (ajena != null) {
                boolean fueFinal;
                try {
                    fueFinal = plazo == null ? ajena.get() : ajena.get(restante(hasta), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw ocupado();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception causa ? causa : e;
                }
                if (!definitiva || fueFinal) {
                    return;
                }
                continue;
            }
            try {
                if (plazo == null) {
                    cupos.acquire();
                } else if (!cupos.tryAcquire(restante(hasta), TimeUnit.NANOSECONDS)) {
                    throw ocupado();
                }
                try {
                    boolean fueFinal = computar(dia, definitiva);
                    escribirReporte(dia);
                    terminadas.put(dia, System.nanoTime());
                    propia.complete(fueFinal);
                } finally {
                    cupos.release();
                }
                return;
            } catch (Exception | Error e) {
                propia.completeExceptionally(e);
                throw e;
            } finally {
                enCurso.remove(dia, propia);
            }
        }
    }

    private static long restante(long hasta) {
        return Math.max(0, hasta - System.nanoTime());
    }

    private Rechazo ocupado() {
        return new Rechazo(503, null, "hay demasiados cálculos de estadísticas en curso; reintente en unos segundos");
    }

    /**
     * The day's rows brought up to date in one transaction (only those that changed are written):
     * its carts (GROUP BY carrito), their frequent clients (the first {@code frecuentesMax}), its
     * totals, its state. Nothing of the day passes
     * through the JVM but the totals. Returns whether it is final.
     */
    private boolean computar(LocalDate dia, boolean definitiva) throws SQLException {
        OffsetDateTime comienzo = OffsetDateTime.now(zona);
        // every statement of the computation takes its values from here: the day and its bounds, the cap
        Map<String, Object> valores = Map.of("fecha", dia, "desde", dia.atStartOfDay(zona).toOffsetDateTime(),
                "hasta", dia.plusDays(1).atStartOfDay(zona).toOffsetDateTime(), "frecuentesMax", frecuentesMax);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                // final stays final: the day's sales were all consumed, a later computation sees at least as much
                boolean esFinal = definitiva || yaFinal(c, dia);
                for (Sql sentencia : List.of(SQL_CARRITOS, SQL_FRECUENTES, SQL_FRECUENTES_SOBRANTES)) {
                    try (PreparedStatement ps = sentencia.preparar(c, valores)) {
                        ps.executeUpdate();
                    }
                }
                Map<String, Object> totales = new LinkedHashMap<>();
                try (PreparedStatement ps = SQL_TOTALES.preparar(c, valores)) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long sopaipillas = rs.getLong("sopaipillas");
                        long clientes = rs.getLong("clientes");
                        totales.put("ventas", rs.getLong("ventas"));
                        totales.put("sopaipillas", sopaipillas);
                        totales.put("clientes", clientes);
                        totales.put("promedioPorCliente", promedio(sopaipillas, clientes));
                    }
                }
                guardar(c, dia, json(totales), comienzo, esFinal);
                c.commit();
                return esFinal;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * GET and POST /api/estadisticas/{fecha} (and POST /Ventas): the stored statistics of the
     * day, a page of carts (?limite=&despues=, Link rel=next while more remain) with the day's
     * totals; 404 when never computed.
     */
    public Map<String, Object> leer(String fecha, Exchange exchange) throws Exception {
        LocalDate dia = fecha(fecha);
        Message m = exchange.getMessage();
        int limite = paginacion.limite(Paginacion.parametro(m, "limite"));
        String despues = (String) paginacion.cursor(Paginacion.parametro(m, "despues"), Paginacion.tipos("TEXTO")).get(0);
        return paginaPorCarrito(dia, limite, despues, m);
    }

    /** POST /Ventas: today's first page, as long as a page may be. */
    public Map<String, Object> primeraPagina(String fecha) throws Exception {
        return paginaPorCarrito(fecha(fecha), paginacion.maximo(), "", null);
    }

    /**
     * A page of the day; a day computed before V9 (its whole answer in one text, which a stranger's
     * concurrent GETs of a big day would each load whole) is first computed again, as a request's
     * computation: once, shared, within {@code espera}. Final stays final, the sales being kept.
     */
    private Map<String, Object> paginaPorCarrito(LocalDate dia, int limite, String despues, Message m) throws Exception {
        Map<String, Object> pagina = pagina(dia, limite, despues, m);
        if (pagina != null) {
            return pagina;
        }
        unaVez(dia, false, espera);
        pagina = pagina(dia, limite, despues, m);
        if (pagina == null) {
            throw new IllegalStateException("the statistics of " + dia + " are still in the form before V9");
        }
        return pagina;
    }

    /** A page of the day as stored; null for a day computed before V9. */
    private Map<String, Object> pagina(LocalDate dia, int limite, String despues, Message m)
            throws SQLException, JsonProcessingException {
        try (Connection c = ds.getConnection()) {
            Map<String, Object> resultado = new LinkedHashMap<>();
            try (PreparedStatement ps = SQL_ESTADISTICA_CUERPO.preparar(c, Map.of("fecha", dia))) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw Rechazo.noEncontrado("las estadísticas de " + dia + " no se han calculado; "
                                + "POST /api/estadisticas/" + dia + " las calcula");
                    }
                    if (!rs.getBoolean("por_carrito")) {
                        return null; // computed before V9: to be computed again (its stored text is not read)
                    }
                    resultado.put("fecha", dia.toString());
                    resultado.put("carritos", carritos(c, dia, despues, limite, m));
                    resultado.put("totales", JSON.readValue(rs.getString("cuerpo"), MAPA));
                    resultado.put("final", rs.getBoolean("definitiva"));
                }
            }
            return resultado;
        }
    }

    private static String json(Map<String, Object> valor) {
        try {
            return JSON.writeValueAsString(valor);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // numbers only: cannot happen
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> MAPA =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    /** Up to {@code limite} carts of the day after {@code despues}, with their frequent clients; the Link to the next page on {@code m}. */
    private List<Map<String, Object>> carritos(Connection c, LocalDate dia, String despues, int limite, Message m)
            throws SQLException {
        List<Map<String, Object>> carritos = new ArrayList<>();
        boolean hayMas = false;
        try (PreparedStatement ps = SQL_PAGINA.preparar(c, Map.of("fecha", dia, "despues", despues, "filas", limite + 1))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (carritos.size() == limite) {
                        hayMas = true;
                        break;
                    }
                    long ventas = rs.getLong("ventas");
                    long sopaipillas = rs.getLong("sopaipillas");
                    long clientes = rs.getLong("clientes");
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("carrito", rs.getString("carrito"));
                    f.put("ventas", ventas);
                    f.put("sopaipillas", sopaipillas);
                    f.put("clientes", clientes);
                    f.put("promedioPorCliente", promedio(sopaipillas, clientes));
                    f.put("promedioPorVenta", promedio(sopaipillas, ventas));
                    f.put("clientesFrecuentes", new ArrayList<Map<String, Object>>());
                    carritos.add(f);
                }
            }
        }
        if (carritos.isEmpty()) {
            return carritos;
        }
        Map<String, Map<String, Object>> porCarrito = new HashMap<>();
        carritos.forEach(f -> porCarrito.put((String) f.get("carrito"), f));
        try (PreparedStatement ps = SQL_PAGINA_FRECUENTES.preparar(c, Map.of("fecha", dia,
                "primero", carritos.get(0).get("carrito"), "ultimo", carritos.get(carritos.size() - 1).get("carrito")))) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> fila = porCarrito.get(rs.getString("carrito"));
                    if (fila == null) {
                        continue; // a cart a computation committed between this page's two reads: on no page of it
                    }
                    long compras = rs.getLong("compras");
                    long sopaipillas = rs.getLong("sopaipillas");
                    Map<String, Object> cliente = new LinkedHashMap<>();
                    cliente.put("cliente", rs.getString("cliente"));
                    cliente.put("compras", compras);
                    cliente.put("sopaipillas", sopaipillas);
                    cliente.put("promedio", promedio(sopaipillas, compras));
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> frecuentes = (List<Map<String, Object>>) fila.get("clientesFrecuentes");
                    frecuentes.add(cliente);
                }
            }
        }
        if (hayMas && m != null) {
            paginacion.siguiente(m, limite, List.of(carritos.get(limite - 1).get("carrito")));
        }
        return carritos;
    }

    /**
     * The day's CSV report, {@code estadisticas-<fecha>.csv} in {@code reportes}: one line per cart,
     * then the totals, written a page of carts at a time to a temporary file moved into place.
     */
    private void escribirReporte(LocalDate dia) throws IOException, SQLException {
        if (reportes == null) {
            return;
        }
        Reportes.escribir(reportes, "estadisticas-" + dia + ".csv", w -> {
            w.write("fecha,carrito,ventas,sopaipillas,clientes,promedioPorCliente,promedioPorVenta,clientesFrecuentes\n");
            String despues = "";
            Map<String, Object> totales = null;
            while (despues != null) {
                Map<String, Object> pagina = pagina(dia, CARRITOS_POR_LECTURA, despues, null);
                totales = (Map<String, Object>) pagina.get("totales");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> carritos = (List<Map<String, Object>>) pagina.get("carritos");
                for (Map<String, Object> f : carritos) {
                    StringBuilder frecuentes = new StringBuilder();
                    for (Object o : (List<?>) f.get("clientesFrecuentes")) {
                        Map<?, ?> cliente = (Map<?, ?>) o;
                        frecuentes.append(frecuentes.isEmpty() ? "" : "; ").append(cliente.get("cliente"))
                                .append(" (").append(cliente.get("compras")).append(" compras, ")
                                .append(cliente.get("sopaipillas")).append(" sopaipillas)");
                    }
                    w.write(dia + "," + f.get("carrito") + "," + f.get("ventas") + "," + f.get("sopaipillas") + ","
                            + f.get("clientes") + "," + f.get("promedioPorCliente") + "," + f.get("promedioPorVenta")
                            + "," + Reportes.celda(frecuentes.toString()) + "\n");
                }
                despues = carritos.size() < CARRITOS_POR_LECTURA ? null
                        : (String) carritos.get(carritos.size() - 1).get("carrito");
            }
            w.write(dia + ",TOTAL," + totales.get("ventas") + "," + totales.get("sopaipillas") + ","
                    + totales.get("clientes") + "," + totales.get("promedioPorCliente") + ",,\n");
            return null;
        });
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
                PreparedStatement guardadas = SQL_ESTADISTICA_ESTADO.preparar(c);
                PreparedStatement ultima = SQL_VENTA_ULTIMA_REGISTRADA.preparar(c)) {
            for (LocalDate dia = desde; dia.isBefore(hoy); dia = dia.plusDays(1)) {
                OffsetDateTime fin = dia.plusDays(1).atStartOfDay(zona).toOffsetDateTime();
                if (fin.isAfter(consumidoHasta)) {
                    break; // this day's sales may not all be stored yet; nor the next days'
                }
                Boolean definitiva = null;
                OffsetDateTime calculada = null;
                SQL_ESTADISTICA_ESTADO.enlazar(guardadas, Map.of("fecha", dia));
                try (ResultSet rs = guardadas.executeQuery()) {
                    if (rs.next()) {
                        definitiva = rs.getBoolean(1);
                        calculada = rs.getObject(2, OffsetDateTime.class);
                    }
                }
                SQL_VENTA_ULTIMA_REGISTRADA.enlazar(ultima, Map.of("desde", dia.atStartOfDay(zona).toOffsetDateTime(), "hasta", fin));
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
        try (PreparedStatement ps = SQL_ESTADISTICA_FINAL.preparar(c, Map.of("fecha", dia))) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void guardar(Connection c, LocalDate dia, String cuerpo, OffsetDateTime comienzo, boolean definitiva)
            throws SQLException {
        // two computations of one day may store at once (a POST, a firing taken over): update the
        // row, else insert it, else (the other inserted it meanwhile) update it
        // calculada: when the computation began, a sale stored after that may be missing from it
        Map<String, Object> fila = Map.of("cuerpo", cuerpo, "calculada", comienzo, "definitiva", definitiva, "fecha", dia);
        try (PreparedStatement actualizar = SQL_ESTADISTICA_ACTUALIZAR.preparar(c, fila);
                PreparedStatement insertar = SQL_ESTADISTICA_INSERTAR.preparar(c, fila)) {
            if (actualizar.executeUpdate() == 0 && insertar.executeUpdate() == 0) {
                actualizar.executeUpdate();
            }
        }
    }

    /** Averages are numbers rounded to 2 decimals; nothing to divide by gives 0. */
    static double promedio(long total, long divisor) {
        return divisor == 0 ? 0 : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(divisor), 2,
                RoundingMode.HALF_UP).doubleValue();
    }
}
