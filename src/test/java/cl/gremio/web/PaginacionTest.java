package cl.gremio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import cl.gremio.entrada.Rechazo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cursor a client made up is a 400 naming despues, also where the store would refuse its parts:
 * PostgreSQL takes no NUL in text and no instant past the year 294276 (each was a 500 there).
 */
class PaginacionTest {

    private final Paginacion paginacion = new Paginacion(100, 500);

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z\nz", "-999999999-01-01T00:00:00Z\nz", "0000-12-31T23:59:59Z\nz",
        "2026-01-01T00:00:00Z\na\u0000", "2026-01-01T00:00:00Z\n\u001b[2J"})
    void unCursorQueElAlmacenNoTomaEs400(String partes) {
        String cursor = Base64.getUrlEncoder().encodeToString(partes.getBytes(StandardCharsets.UTF_8));
        Rechazo r = assertThrows(Rechazo.class, () -> paginacion.cursor(cursor, Paginacion.tipos("HORA,TEXTO")));
        assertEquals(400, r.getEstado());
        assertEquals("despues", r.getCampo());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999-12-30T23:59:59.999999999-05:00\n12.345.678-5", "0001-01-01T00:00:00Z\nC-1"})
    void unCursorDeLosLimitesSeLee(String partes) {
        String cursor = Paginacion.codificar(List.of(partes.split("\n")[0], partes.split("\n")[1]));
        assertEquals(2, paginacion.cursor(cursor, Paginacion.tipos("HORA,TEXTO")).size());
    }
}
