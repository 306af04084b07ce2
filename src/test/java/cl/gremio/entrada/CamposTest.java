package cl.gremio.entrada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The field rules on their own: RUT check digits, plates, times in the guild's zone. */
class CamposTest {

    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    // 2026-07-01 02:30 UTC is still June 30 in Santiago (UTC-4 in winter)
    static final Clock RELOJ = Clock.fixed(Instant.parse("2026-07-01T02:30:00Z"), ZoneId.of("UTC"));

    static Campos campos(String campo, String valor) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put(campo, valor);
        return new Campos(n, SANTIAGO, RELOJ);
    }

    @ParameterizedTest
    @CsvSource({"12.345.678-5, 12345678-5", "12345678-5, 12345678-5", "123456785, 12345678-5",
        "7.654.321-6, 7654321-6", "10.000.013-k, 10000013-K", "11.111.111-1, 11111111-1"})
    void rutValidoSeNormaliza(String entrada, String normal) {
        assertEquals(normal, campos("rut", entrada).rut());
    }

    @ParameterizedTest
    @CsvSource({"12.345.678-4", "12345678-K", "1234567890-1", "12a45678-5", "-"})
    void rutInvalido(String entrada) {
        Rechazo e = assertThrows(Rechazo.class, () -> campos("rut", entrada).rut());
        assertEquals("rut", e.getCampo());
    }

    @ParameterizedTest
    @CsvSource({"bbbb12, BBBB12", "AB1234, AB1234", "xy9876, XY9876"})
    void patente(String entrada, String normal) {
        assertEquals(normal, campos("patente", entrada).patente());
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-20T10:15:00-03:00, 2026-11-20T10:15-03:00",
        "2026-11-20T13:15:00Z, 2026-11-20T10:15-03:00",
        "2026-11-20T10:15:00, 2026-11-20T10:15-03:00",
        "2026-06-20T10:15:00, 2026-06-20T10:15-04:00",
        "10:15, 2026-06-30T10:15-04:00",
        "9:05:30, 2026-06-30T09:05:30-04:00"})
    void horaSeLeeEnLaZonaDelGremio(String entrada, String esperada) {
        assertEquals(esperada, campos("hora", entrada).hora().toString());
    }

    @Test
    void sinHoraEsAhoraEnLaZona() {
        assertEquals("2026-06-30T22:30-04:00", campos("otro", "x").hora().toString());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "SI, true", "sí, true", "1, true", "false, false", "no, false", "0, false"})
    void premium(String entrada, boolean esperado) {
        assertEquals(esperado, campos("premium", entrada).siNo("premium"));
    }

    @Test
    void premiumAusenteEsNormal() {
        assertEquals(false, campos("otro", "x").siNo("premium"));
    }
}
