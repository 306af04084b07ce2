package cl.gremio.almacen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A report cell never opens as a formula nor splits into two cells, whatever line break it holds. */
class ReportesTest {

    @Test
    void celdaSinFormulasNiCortes() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", Reportes.celda("=HYPERLINK(\"http://evil.example\")"));
        assertEquals("\"Eve\u2028,=1+1\"", Reportes.celda("Eve\u2028,=1+1"));
        assertEquals("\"'@SUM(1)\u0085,x\"", Reportes.celda("@SUM(1)\u0085,x"));
        assertEquals("-12.5", Reportes.celda("-12.5"));
        assertEquals("ana", Reportes.celda("ana"));
    }
}
