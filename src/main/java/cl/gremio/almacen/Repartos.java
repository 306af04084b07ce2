package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import cl.gremio.web.Paginacion;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery rounds ("repartos"). The open batch is the requests still without a reparto, in the
 * order they arrived (their offset in Stock/1): a batch of {@code tamano} closes whenever there
 * are that many, and one with fewer once the oldest waited {@code esperaMax}. The consumer
 * closes them as it stores requests ({@link #guardar}), the timer closes late ones
 * ({@link #formar()}). State lives only in the store, so it survives restarts, and several
 * instances may close batches at once: a batch takes its requests only if none was taken meanwhile.
 */
public class Repartos {

    private static final Sql SQL_SOLICITUDES_ESPERANDO = Sql.de("solicitudes-esperando");
    private static final Sql SQL_SOLICITUD_GUARDAR = Sql.de("solicitud-guardar");
    private static final Sql SQL_REPARTO_INSERTAR = Sql.de("reparto-insertar");
    private static final Sql SQL_SOLICITUD_ASIGNAR = Sql.de("solicitud-asignar");
    private static final Sql SQL_SOLICITUDES_RECIENTES = Sql.de("solicitudes-recientes");
    private static final Sql SQL_REPARTOS_RECIENTES = Sql.de("repartos-recientes");

    private static final Logger LOG = LoggerFactory.getLogger(Repartos.class);
    /** Batches closed per transaction at most; more waiting ones take another round. */
    private static final int LOTES_POR_VUELTA = 100;

    private final DataSource ds;
    private final ZoneId zona;
    private final Filas filas;
    private final int tamano;
    private final Duration esperaMax;

    public Repartos(DataSource ds, ZoneId zona, int tamano, Duration esperaMax) {
        if (tamano < 1 || tamano > 1000) {
            throw new IllegalArgumentException("gremio.reparto.tamano must be between 1 and 1000 requests, not " + tamano);
        }
        this.ds = ds;
        this.zona = zona;
        this.filas = new Filas(zona);
        this.tamano = tamano;
        this.esperaMax = esperaMax;
    }

    /** A request as it waits: its key, and when the store took it. */
    private record Solicitud(String carrito, String id, OffsetDateTime recibida) {
    }

    /**
     * Closes every batch that is due, oldest requests first, all in one transaction (the timer's
     * call: a batch that waited long enough leaves with fewer).
     *
     * @return the batches closed, each as {@code {"id","carritos","creado"}}
     */
    public List<Map<String, Object>> formar() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Map<String, Object>> cerrados = cerrarDebidos(c);
                c.commit();
                return cerrados;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Stock/1's writer ({@link Lote.Escritura}): stores a poll's requests in the poll's own
     * transaction, each joining its batch as it is written, and closes every batch now due. In
     * the common case a request is written once, with its batch; a request stored before (a poll
     * delivered again) or taken by another instance meanwhile sends the whole step the long way:
     * requests stored as waiting, then batches closed from what waits.
     *
     * @param solicitudes the poll's requests in the order they arrived, as {@code solicitud-guardar}'s parameters
     * @return the batches closed, as {@link #formar()}
     */
    public List<Map<String, Object>> guardar(Connection c, List<Map<String, Object>> solicitudes) throws SQLException {
        Savepoint antes = c.setSavepoint();
        List<Map<String, Object>> cerrados = unirAlGuardar(c, solicitudes);
        if (cerrados != null) {
            c.releaseSavepoint(antes);
            return cerrados;
        }
        c.rollback(antes);
        try (PreparedStatement ps = SQL_SOLICITUD_GUARDAR.preparar(c)) {
            for (Map<String, Object> s : solicitudes) {
                guardarCon(ps, s, null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return cerrarDebidos(c);
    }

    /** The common case of {@link #guardar}; null when a request was already stored or one waiting was taken. */
    private List<Map<String, Object>> unirAlGuardar(Connection c, List<Map<String, Object>> nuevas) throws SQLException {
        int porVuelta = tamano * LOTES_POR_VUELTA;
        List<Solicitud> espera = esperando(c, porVuelta);
        if (espera.size() == porVuelta) {
            return null; // a backlog of waiting requests (the batch size was lowered): the long way takes it in rounds
        }
        int antiguas = espera.size();
        for (Map<String, Object> s : nuevas) {
            espera.add(new Solicitud((String) s.get("carrito"), (String) s.get("id"), (OffsetDateTime) s.get("recibida")));
        }
        Long[] repartoDe = new Long[espera.size()];
        List<Map<String, Object>> cerrados = new ArrayList<>();
        try (PreparedStatement insertar = SQL_REPARTO_INSERTAR.preparar(c, Statement.RETURN_GENERATED_KEYS);
                PreparedStatement asignar = SQL_SOLICITUD_ASIGNAR.preparar(c)) {
            OffsetDateTime creado = OffsetDateTime.now(zona);
            for (int i : debidos(espera)) {
                List<Solicitud> lote = lote(espera, i);
                Map<String, Object> reparto = insertar(insertar, lote, creado);
                cerrados.add(reparto);
                for (int j = i; j < i + lote.size(); j++) {
                    repartoDe[j] = (Long) reparto.get("id");
                    if (j < antiguas) {
                        asignar(asignar, repartoDe[j], espera.get(j));
                    }
                }
            }
            if (!todasUna(asignar.executeBatch())) {
                return null;
            }
        } catch (SQLException e) {
            throw sinCulpaDelRegistro(e);
        }
        try (PreparedStatement ps = SQL_SOLICITUD_GUARDAR.preparar(c)) {
            for (int j = antiguas; j < espera.size(); j++) {
                guardarCon(ps, nuevas.get(j - antiguas), repartoDe[j]);
                ps.addBatch();
            }
            return todasUna(ps.executeBatch()) ? cerrados : null;
        }
    }

    /** Closes, in the caller's transaction, every batch due among the waiting requests. */
    private List<Map<String, Object>> cerrarDebidos(Connection c) throws SQLException {
        List<Map<String, Object>> cerrados = new ArrayList<>();
        int porVuelta = tamano * LOTES_POR_VUELTA;
        boolean quedanMas = true;
        while (quedanMas) {
            List<Solicitud> espera = esperando(c, porVuelta);
            quedanMas = espera.size() == porVuelta;
            List<List<Solicitud>> lotes = debidos(espera).stream().map(i -> lote(espera, i)).toList();
            if (lotes.isEmpty()) {
                break;
            }
            List<Map<String, Object>> estaVuelta = cerrar(c, lotes);
            if (estaVuelta == null) {
                LOG.debug("Another instance took some of these requests first; looking again");
                quedanMas = true;
            } else {
                cerrados.addAll(estaVuelta);
            }
        }
        return cerrados;
    }

    /**
     * Where each batch that is due starts in {@code espera} (requests in arrival order, cut into
     * batches of {@code tamano}): a batch leaves when it is full, or when its oldest request
     * waited long enough.
     */
    private List<Integer> debidos(List<Solicitud> espera) {
        OffsetDateTime ahora = OffsetDateTime.now(zona);
        List<Integer> inicios = new ArrayList<>();
        for (int i = 0; i < espera.size(); i += tamano) {
            if (lote(espera, i).size() == tamano || espera.get(i).recibida().plus(esperaMax).isBefore(ahora)) {
                inicios.add(i);
            }
        }
        return inicios;
    }

    /** The batch of {@code espera} that starts at {@code inicio}. */
    private List<Solicitud> lote(List<Solicitud> espera, int inicio) {
        return espera.subList(inicio, Math.min(inicio + tamano, espera.size()));
    }

    /** The oldest requests without a batch, at most {@code cuantas}. */
    private List<Solicitud> esperando(Connection c, int cuantas) throws SQLException {
        List<Solicitud> espera = new ArrayList<>();
        try (PreparedStatement ps = SQL_SOLICITUDES_ESPERANDO.preparar(c, Map.of("cuantas", cuantas));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                espera.add(new Solicitud(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)));
            }
        }
        return espera;
    }

    /**
     * Writes the batches and assigns their requests; if any request was assigned meanwhile
     * (another instance), what this call wrote is undone and null is returned.
     */
    private List<Map<String, Object>> cerrar(Connection c, List<List<Solicitud>> lotes) throws SQLException {
        OffsetDateTime creado = OffsetDateTime.now(zona);
        List<Map<String, Object>> cerrados = new ArrayList<>();
        Savepoint antes = c.setSavepoint();
        try (PreparedStatement insertar = SQL_REPARTO_INSERTAR.preparar(c, Statement.RETURN_GENERATED_KEYS);
                PreparedStatement asignar = SQL_SOLICITUD_ASIGNAR.preparar(c)) {
            for (List<Solicitud> lote : lotes) {
                Map<String, Object> reparto = insertar(insertar, lote, creado);
                for (Solicitud s : lote) {
                    asignar(asignar, (Long) reparto.get("id"), s);
                }
                cerrados.add(reparto);
            }
            if (!todasUna(asignar.executeBatch())) {
                c.rollback(antes);
                return null;
            }
            c.releaseSavepoint(antes);
            return cerrados;
        } catch (SQLException e) {
            throw sinCulpaDelRegistro(e);
        }
    }

    /**
     * A round's own rows failing is the store's failure, never the fault of the request that
     * completed the round: the poll is retried rather than that request dead-lettered.
     */
    private static SQLException sinCulpaDelRegistro(SQLException e) {
        return e instanceof RechazoDelAlmacen.DelAlmacen ? e
                : new RechazoDelAlmacen.DelAlmacen("a delivery round could not be written", e);
    }

    /** A batch's row; returns it as the API shows it. */
    private Map<String, Object> insertar(PreparedStatement insertar, List<Solicitud> lote, OffsetDateTime creado)
            throws SQLException {
        List<String> carritos = lote.stream().map(Solicitud::carrito).toList();
        SQL_REPARTO_INSERTAR.enlazar(insertar, Map.of("carritos", String.join(",", carritos), "creado", creado));
        insertar.executeUpdate();
        long id;
        try (ResultSet keys = insertar.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
        }
        Map<String, Object> reparto = new LinkedHashMap<>();
        reparto.put("id", id);
        reparto.put("carritos", carritos);
        reparto.put("creado", filas.hora(creado));
        return reparto;
    }

    /** A waiting request joins batch {@code reparto} (counts 0 if another took it first), batched. */
    private static void asignar(PreparedStatement asignar, long reparto, Solicitud s) throws SQLException {
        SQL_SOLICITUD_ASIGNAR.enlazar(asignar, Map.of("reparto", reparto, "carrito", s.carrito(), "id", s.id()));
        asignar.addBatch();
    }

    /** A request's row: the record's fields, with its round ({@code reparto}, null while it waits). */
    private static void guardarCon(PreparedStatement ps, Map<String, Object> s, Long reparto) throws SQLException {
        Map<String, Object> fila = new HashMap<>(s);
        fila.put("reparto", reparto);
        SQL_SOLICITUD_GUARDAR.enlazar(ps, fila);
    }

    /** Whether every statement of a batch changed exactly one row. */
    private static boolean todasUna(int[] cuentas) {
        for (int n : cuentas) {
            if (n != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * GET /api/reposiciones: a page of requests and a page of batches, newest first, each at most
     * {@code limite} long. One cursor carries where both stopped (a list already at its end is
     * marked "fin" and stays empty on later pages); the Link rel=next is set while either has more.
     */
    public Map<String, Object> listado(Exchange exchange) throws SQLException {
        Paginacion paginacion = exchange.getContext().getRegistry().lookupByNameAndType("paginacion", Paginacion.class);
        Message m = exchange.getMessage();
        int limite = paginacion.limite(Paginacion.parametro(m, "limite"));
        // where each list stopped: the last request's hora, carrito and id ("fin": at its end), the last batch's id
        List<Object> despues = paginacion.cursor(Paginacion.parametro(m, "despues"),
                Paginacion.tipos("TEXTO,TEXTO,TEXTO,TEXTO"));
        boolean primera = Paginacion.parametro(m, "despues") == null;
        List<Object> siguiente = new ArrayList<>(List.of(FIN, "", "", FIN));
        try (Connection c = ds.getConnection()) {
            List<Map<String, Object>> solicitudes = new ArrayList<>();
            if (!FIN.equals(despues.get(0))) {
                OffsetDateTime hora = primera ? OffsetDateTime.parse("9999-12-31T00:00Z") : hora(despues.get(0), paginacion);
                try (PreparedStatement ps = SQL_SOLICITUDES_RECIENTES.preparar(c, Map.of("hora", hora,
                        "carrito", despues.get(1), "id", despues.get(2), "filas", limite + 1))) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (solicitudes.size() == limite) {
                                Map<String, Object> ultima = solicitudes.get(limite - 1);
                                siguiente.set(0, ultima.get("hora"));
                                siguiente.set(1, ultima.get("carrito"));
                                siguiente.set(2, ultima.remove("id"));
                                break;
                            }
                            Map<String, Object> s = new LinkedHashMap<>();
                            s.put("carrito", rs.getString("carrito"));
                            s.put("stock", rs.getInt("stock"));
                            s.put("hora", filas.hora(rs.getObject("hora")));
                            long reparto = rs.getLong("reparto");
                            s.put("reparto", rs.wasNull() ? null : reparto);
                            s.put("id", rs.getString("id"));
                            solicitudes.add(s);
                        }
                    }
                }
                solicitudes.forEach(s -> s.remove("id"));
            }
            List<Map<String, Object>> repartos = new ArrayList<>();
            if (!FIN.equals(despues.get(3))) {
                long desde = primera ? Long.MAX_VALUE : numero(despues.get(3), paginacion);
                try (PreparedStatement ps = SQL_REPARTOS_RECIENTES.preparar(c, Map.of("despues", desde, "filas", limite + 1))) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (repartos.size() == limite) {
                                siguiente.set(3, String.valueOf(repartos.get(limite - 1).get("id")));
                                break;
                            }
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("id", rs.getLong("id"));
                            r.put("carritos", List.of(rs.getString("carritos").split(",")));
                            r.put("creado", filas.hora(rs.getObject("creado")));
                            repartos.add(r);
                        }
                    }
                }
            }
            if (!FIN.equals(siguiente.get(0)) || !FIN.equals(siguiente.get(3))) {
                paginacion.siguiente(m, limite, siguiente);
            }
            Map<String, Object> listado = new LinkedHashMap<>();
            listado.put("solicitudes", solicitudes);
            listado.put("repartos", repartos);
            return listado;
        }
    }

    /** A list of GET /api/reposiciones that ended: later pages leave it empty. */
    private static final String FIN = "fin";

    private static OffsetDateTime hora(Object parte, Paginacion paginacion) {
        return (OffsetDateTime) paginacion.cursor(Paginacion.codificar(List.of(parte)), Paginacion.tipos("HORA")).get(0);
    }

    private static long numero(Object parte, Paginacion paginacion) {
        return (Long) paginacion.cursor(Paginacion.codificar(List.of(parte)), Paginacion.tipos("NUMERO")).get(0);
    }
}
