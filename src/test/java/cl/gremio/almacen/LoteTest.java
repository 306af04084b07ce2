package cl.gremio.almacen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import cl.gremio.Registros;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poll's Kafka headers, read once by {@link Lote#leer}: the poll is named for its failure log
 * line even when it cannot be read, and each partition's offset is committed once, only after
 * the store, a failed store retried included.
 */
class LoteTest {

    private final CamelContext context = new DefaultCamelContext();
    private final AtomicInteger confirmaciones = new AtomicInteger();
    private JdbcDataSource ds;
    private Lote lote;

    @BeforeEach
    void almacen() throws Exception {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:lote" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE t (v VARCHAR(10) PRIMARY KEY)");
        }
        lote = new Lote(ds).particion(0, LoteTest::leerV, Sql.analizar("t-guardar", "MERGE INTO t KEY (v) VALUES (:#v)"));
    }

    private static Map<String, Object> leerV(Exchange registro) {
        return Map.of("v", registro.getMessage().getBody(String.class));
    }

    private Exchange registro(Object particion, long offset, String cuerpo) {
        return Registros.entregado(context, "Stock", particion, offset, cuerpo, confirmaciones::incrementAndGet);
    }

    private Exchange poll(Exchange... registros) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(new ArrayList<>(List.of(registros)));
        return e;
    }

    @Test
    void unPollQueNoSePuedeLeerQuedaNombrado() {
        Exchange p = poll(registro(0, 5, "a"), registro("x", 6, "b"));

        assertThrows(RuntimeException.class, () -> lote.leer(p));
        assertEquals("Stock/0@5 Stock/x@6", p.getVariable(Lote.ORIGEN));
    }

    @Test
    void cadaParticionSeConfirmaUnaVezYSoloTrasGuardar() throws Exception {
        Exchange p = poll(registro(0, 5, "a"), registro(2, 9, "z"), registro(0, 6, "b"));
        lote.leer(p);
        Lote.Poll leido = p.getVariable(Lote.VARIABLE, Lote.Poll.class);
        assertEquals("Stock/0@5..6 Stock/2@9", p.getVariable(Lote.ORIGEN));
        try (Connection c = ds.getConnection()) { // the store fails once; the route retries the step
            c.createStatement().execute("ALTER TABLE t RENAME TO t2");
        }
        assertThrows(Exception.class, () -> lote.guardar(leido));
        assertEquals(0, confirmaciones.get(), "nothing committed before the store");
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("ALTER TABLE t2 RENAME TO t");
        }

        lote.guardar(leido);
        lote.confirmar(leido);

        assertEquals(1, lote.rechazados(leido).size(), "the record of a partition the topic does not use");
        assertEquals(2, confirmaciones.get(), "partitions 0 and 2, once each");
    }

    @Test
    void unaSentenciaQueNombraUnCampoQueElRegistroNoTieneNoGuardaNiDescartaNada() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("ALTER TABLE t ADD COLUMN w VARCHAR(10)");
        }
        lote = new Lote(ds).particion(0, LoteTest::leerV,
                Sql.analizar("t-guardar", "MERGE INTO t KEY (v) VALUES (:#v, :#w)"));
        Exchange p = poll(registro(0, 5, "a"));
        lote.leer(p);
        Lote.Poll leido = p.getVariable(Lote.VARIABLE, Lote.Poll.class);

        // the statement's fault, not the record's: the poll fails as a store failure does (retried,
        // uncommitted), with a message that names the file and the name
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lote.guardar(leido));
        assertTrue(e.getMessage().startsWith("t-guardar uses :#w, which is not among the values it is given [v]"),
                e.getMessage());
        assertEquals(0, lote.rechazados(leido).size(), "the record is not dead-lettered");
        try (Connection c = ds.getConnection(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void unPollVacioNoConfirmaNada() {
        Exchange p = poll();
        lote.leer(p);
        lote.confirmar(p.getVariable(Lote.VARIABLE, Lote.Poll.class));

        assertEquals("", p.getVariable(Lote.ORIGEN));
        assertEquals(0, confirmaciones.get());
    }
}
