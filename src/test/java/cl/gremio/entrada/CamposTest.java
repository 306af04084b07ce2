package cl.gremio.entrada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The field rules on their own: RUT check digits, plates, times in the guild's zone. */
class CamposTest {

    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    // 2026-11-21 02:30 UTC is still November 20 in Santiago (UTC-3 in summer)
    static final Clock RELOJ = Clock.fixed(Instant.parse("2026-11-21T02:30:00Z"), ZoneId.of("UTC"));
    static final Duration SIETE_DIAS = Duration.ofDays(7);
    static final Duration CINCO_MINUTOS = Duration.ofMinutes(5);

    static Campos campos(String campo, String valor) {
        return campos(campo, valor, Duration.ofDays(400));
    }

    static Campos campos(String campo, String valor, Duration atraso) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put(campo, valor);
        return new Campos(n, SANTIAGO, RELOJ, atraso, CINCO_MINUTOS);
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
        "10:15, 2026-11-20T10:15-03:00",
        "9:05:30, 2026-11-20T09:05:30-03:00",
        "23:33, 2026-11-20T23:33-03:00",
        "23:59, 2026-11-19T23:59-03:00"})
    void horaSeLeeEnLaZonaDelGremio(String entrada, String esperada) {
        assertEquals(esperada, campos("hora", entrada).hora().toString());
    }

    @Test
    void sinHoraEsAhoraEnLaZona() {
        assertEquals("2026-11-20T23:30-03:00", campos("otro", "x").hora().toString());
    }

    /** The contract's window: 7 days back, 5 minutes ahead of the server's clock; the rest is a 400 naming hora. */
    @ParameterizedTest
    @CsvSource({"2099-01-01T00:00:00Z", "2026-11-20T23:35:01-03:00", "2026-11-13T23:29:59-03:00",
        "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00"})
    void horaFueraDeLaVentana(String hora) {
        Rechazo e = assertThrows(Rechazo.class, () -> campos("hora", hora, SIETE_DIAS).hora());
        assertEquals("hora", e.getCampo());
    }

    @ParameterizedTest
    @CsvSource({"2026-11-20T23:35:00-03:00", "2026-11-13T23:30:00-03:00"})
    void horaEnElBordeDeLaVentana(String hora) {
        assertEquals(OffsetDateTime.parse(hora), campos("hora", hora, SIETE_DIAS).hora());
    }

    /** A record may be read days after it was sent; only a time before 2000 or ahead of the clock is refused. */
    @Test
    void horaDeUnRegistro() {
        assertEquals(OffsetDateTime.parse("2020-01-01T00:00-03:00"),
                campos("hora", "2020-01-01T00:00:00-03:00", SIETE_DIAS).horaExigida());
        for (String h : List.of("2099-01-01T00:00:00Z", "1999-12-31T23:59:59-03:00", "+999999999-12-31T23:59:59Z")) {
            assertThrows(Rechazo.class, () -> campos("hora", h, SIETE_DIAS).horaExigida(), h);
        }
    }

    @Test
    void segundosDeUnaPosicion() {
        ObjectNode n = new ObjectMapper().createObjectNode();
        for (long s : new long[] {-1, 0, 946_000_000L, RELOJ.instant().getEpochSecond() + 301, Long.MAX_VALUE}) {
            n.put("segundos", s);
            assertThrows(Rechazo.class, () -> new Campos(n, SANTIAGO, RELOJ, SIETE_DIAS, CINCO_MINUTOS).segundos(),
                    String.valueOf(s));
        }
        n.put("segundos", RELOJ.instant().getEpochSecond() + 300);
        assertEquals(RELOJ.instant().getEpochSecond() + 300,
                new Campos(n, SANTIAGO, RELOJ, SIETE_DIAS, CINCO_MINUTOS).segundos());
    }

    /** Lengths as the strictest store counts them (UTF-16 units), after trimming every kind of space. */
    @Test
    void textoSeMideComoLoGuardaElAlmacen() {
        String emoji = "\uD83E\uDD5F";
        assertEquals(40, campos("cliente", emoji.repeat(40)).cliente(80).codePointCount(0, 80));
        assertEquals("cliente", assertThrows(Rechazo.class,
                () -> campos("cliente", emoji.repeat(41)).cliente(80)).getCampo());
        // İ lower-cases to two chars: the client's key would not fit
        assertEquals("cliente", assertThrows(Rechazo.class,
                () -> campos("cliente", "\u0130".repeat(41)).cliente(80)).getCampo());
        assertEquals("i\u0307", Campos.clave(" \u0130\u00A0"));
        assertEquals("Ana", campos("cliente", "\u00A0\u2003Ana\u3000\uFEFF").cliente(80));
        assertThrows(Rechazo.class, () -> campos("cliente", "\u00A0\u2007\u202F").cliente(80));
        assertThrows(Rechazo.class, () -> campos("cliente", "a\uD800b").cliente(80));
        assertThrows(Rechazo.class, () -> campos("cliente", "\uDC00").cliente(80));
        // line breaks of every kind are control characters here (a CSV cell must not be split by one)
        for (String salto : List.of("\u2028", "\u2029", "\u0085", "\u009B")) {
            assertThrows(Rechazo.class, () -> campos("cliente", "Eve" + salto + ",=1+1").cliente(80), salto);
        }
        // é as one character or as e + combining accent: one client
        assertEquals(Campos.clave("JOS\u00C9"), Campos.clave("Jose\u0301"));
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

    /** What the quick checks replaced, kept as their definition. */
    static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

    /** The whole Unicode range (surrogate halves and pairs included) and the characters each check is about. */
    @Property(tries = 3000)
    void lasComprobacionesRapidasDicenLoMismoQueSusExpresiones(@ForAll("textos") String t) {
        assertEquals(CONTROL.matcher(t).find(), Campos.tieneControl(t), t);
    }

    @Provide
    Arbitrary<String> textos() {
        Arbitrary<Character> letra = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("azAZ09-._:@/ \u0000\u001f\u007f\u0080\u009f\u2028\u2029\u00a0\u0085\ud83d\ude00"
                        .chars().mapToObj(c -> (char) c).toArray(Character[]::new))),
                Tuple.of(6, Arbitraries.chars().alpha().numeric()),
                Tuple.of(2, Arbitraries.chars()));
        return letra.list().ofMaxSize(70).map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }
}
