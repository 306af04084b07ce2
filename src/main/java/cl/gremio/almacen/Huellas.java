package cl.gremio.almacen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.postgresql.PGStatement;

/**
 * One id, one sale. A sale is four records on three topics, each stored by its own consumer; the
 * first of them consumed claims the sale's (carrito, id) for its content ({@code huella}, the
 * digest each record carries, see {@code Venta#huella}) in the same transaction as its row, and a
 * record of any other content for that id is then stored nowhere: whichever part comes first
 * decides for every table.
 *
 * <p>A claim is an {@code INSERT ... ON CONFLICT DO NOTHING}; a consumer that meets another's
 * uncommitted claim waits for it (PostgreSQL, H2). The poll's claims are inserted in key order, so
 * two consumers claiming the same ids never wait on each other in a circle. H2 may give up waiting
 * (lock timeout) or report the other's key as a duplicate: either is the store's, not the record's,
 * so the poll is retried and then finds the claim committed.
 *
 * <p>A part without {@code huella} (a producer that does not compute it) cannot claim the whole
 * sale; it is judged by the fields it carries against the sale row already stored for its id, and
 * stored unjudged when there is none yet.
 */
final class Huellas {

    private static final Sql SQL_RECLAMAR = Sql.de("venta-huella-reclamar");
    private static final Sql SQL_LEER = Sql.de("venta-huella-leer");
    private static final Sql SQL_CONTENIDO = Sql.de("venta-contenido");

    private Huellas() {
    }

    /**
     * A record's part of a sale: its key, its {@code huella} (null if it carries none) and, for a
     * part without one, its fields named as the sale row's ({@code cliente}, {@code cantidad},
     * {@code stock}, {@code hora}, {@code latitud}, {@code longitud}, {@code segundos}).
     */
    record Parte(String carrito, String id, String huella, Map<String, Object> campos) {
    }

    private record Clave(String id, String carrito) {
    }

    /**
     * Claims, in {@code c}'s transaction, every sale these parts belong to that nobody claimed yet
     * (the first part of an id in the list claims it), and tells which parts may not be stored.
     *
     * @return per index in {@code partes}, why that part is stored nowhere; the others may be stored
     */
    static Map<Integer, String> juzgar(Connection c, List<Parte> partes) throws SQLException {
        Map<Clave, String> propuestas = new HashMap<>();
        for (Parte p : partes) {
            if (p.huella() != null) {
                propuestas.putIfAbsent(new Clave(p.id(), p.carrito()), p.huella());
            }
        }
        Map<Clave, String> reclamadas = reclamar(c, propuestas);
        Map<Integer, String> rechazadas = new LinkedHashMap<>();
        for (int i = 0; i < partes.size(); i++) {
            Parte p = partes.get(i);
            if (p.huella() != null) {
                String suya = reclamadas.get(new Clave(p.id(), p.carrito()));
                if (!p.huella().equals(suya)) {
                    rechazadas.put(i, "el id " + p.id() + " del carrito " + p.carrito() + " ya es de otra venta (huella "
                            + suya + ", este registro " + p.huella() + "): vale la primera, este no se guarda");
                }
            } else {
                String diferencia = diferencia(c, p);
                if (diferencia != null) {
                    rechazadas.put(i, "el id " + p.id() + " del carrito " + p.carrito() + " ya es de otra venta ("
                            + diferencia + "): vale la primera, este no se guarda");
                }
            }
        }
        return rechazadas;
    }

    /** Inserts the claims in key order and reads back what every one of these ids is claimed for. */
    private static Map<Clave, String> reclamar(Connection c, Map<Clave, String> propuestas) throws SQLException {
        if (propuestas.isEmpty()) {
            return Map.of();
        }
        List<Clave> claves = new ArrayList<>(propuestas.keySet());
        claves.sort(Comparator.comparing(Clave::id).thenComparing(Clave::carrito));
        try (PreparedStatement ps = SQL_RECLAMAR.preparar(c)) {
            for (Clave k : claves) {
                SQL_RECLAMAR.enlazar(ps, Map.of("id", k.id(), "carrito", k.carrito(), "huella", propuestas.get(k)));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            // another consumer's claim of the same id, not yet committed: the poll is retried
            throw e instanceof RechazoDelAlmacen.DelAlmacen ? e
                    : new RechazoDelAlmacen.DelAlmacen("a sale's id could not be claimed (another consumer holds it)", e);
        }
        Map<Clave, String> reclamadas = new HashMap<>();
        try (PreparedStatement ps = SQL_LEER.preparar(c)) {
            planConEstosValores(ps);
            SQL_LEER.enlazar(ps, Map.of("ids", c.createArrayOf("VARCHAR", claves.stream().map(Clave::id).toArray()),
                    "carritos", c.createArrayOf("VARCHAR", claves.stream().map(Clave::carrito).toArray())));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reclamadas.put(new Clave(rs.getString(1), rs.getString(2)), rs.getString(3));
                }
            }
        }
        return reclamadas;
    }

    /**
     * PostgreSQL plans a statement once for all after its fifth run on a connection. Planned on a
     * fresh (empty) store, reading the claims back became a sequential scan of the whole table per
     * poll, each row compared with every id of the poll (2-3 s a poll at 200k claims,
     * bench/escala.sh), and stayed so until the next ANALYZE. Planned each time with the poll's
     * keys, and joined on the whole primary key, it is one index lookup per key.
     */
    private static void planConEstosValores(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    }

    /** Where a part without huella disagrees with its stored sale, or null (agrees, or no sale stored yet). */
    private static String diferencia(Connection c, Parte p) throws SQLException {
        Map<String, Object> venta = new HashMap<>();
        try (PreparedStatement ps = SQL_CONTENIDO.preparar(c, Map.of("carrito", p.carrito(), "id", p.id()))) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime hora = rs.getObject(2, OffsetDateTime.class);
                venta.put("cantidad", rs.getInt(1));
                venta.put("hora", hora.toInstant());
                venta.put("segundos", hora.toEpochSecond());
                venta.put("cliente", rs.getString(3));
                venta.put("stock", rs.getInt(4));
                venta.put("latitud", rs.getDouble(5));
                venta.put("longitud", rs.getDouble(6));
            }
        }
        for (var campo : p.campos().entrySet()) {
            Object suyo = venta.get(campo.getKey());
            Object este = campo.getValue() instanceof OffsetDateTime h ? h.toInstant() : campo.getValue();
            if (suyo != null && este != null && !Objects.equals(suyo, este)) {
                return campo.getKey() + " " + este + " y no " + suyo;
            }
        }
        return null;
    }
}
