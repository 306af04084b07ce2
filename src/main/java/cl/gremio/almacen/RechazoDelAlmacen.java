package cl.gremio.almacen;

import java.sql.SQLException;

import org.apache.camel.ExchangeException;

/**
 * Tells a record the store refuses for what it holds from a store that is failing. SQL states of
 * class 22 (data exception: a value too long, a date out of range) and 23 (a constraint) say
 * the record itself is at fault: retrying it would stop its partition for ever, so it goes to the
 * dead-letter topic. Anything else (connection lost, timeout) is transient and is retried.
 */
public final class RechazoDelAlmacen {

    /** For a route's onWhen: true when the exception being handled is the record's fault. */
    public boolean esDelRegistro(@ExchangeException Throwable error) {
        return delRegistro(error);
    }

    /**
     * A failure of what the store writes beyond a record's own rows (a delivery round): whatever
     * its SQL state, no record is to blame, so the poll is retried instead of a record being
     * dead-lettered for it.
     */
    public static final class DelAlmacen extends SQLException {
        public DelAlmacen(String que, SQLException causa) {
            super(que + ": " + causa.getMessage(), null, causa);
        }
    }

    /** Walks the causes and each SQLException's chain (a batch reports its failing statement there). */
    public static boolean delRegistro(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DelAlmacen) {
                return false;
            }
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String estado = s.getSQLState();
                    if (estado != null && (estado.startsWith("22") || estado.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
