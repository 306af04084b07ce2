package cl.gremio.entrada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The quick reader of {@code hora} against Java's ISO parser, which it stands in for: on any text
 * it either answers what that parser answers or leaves the text to it (null). And it does take
 * the shape our routes write, or it would save nothing.
 */
class HoraIsoTest {

    /** Every time our producing routes can write, over the whole range of years, offsets and decimals. */
    @Property(tries = 400)
    void loQueEscribimosSeLeeIgual(@ForAll("horas") OffsetDateTime hora) {
        String texto = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(hora);
        if (hora.getYear() < 0 || hora.getYear() > 9999 || hora.getOffset().getTotalSeconds() % 60 != 0) {
            return; // not our shape (a signed or five-digit year, offset seconds): the general parser's
        }
        OffsetDateTime leida = HoraIso.leer(texto);
        assertNotNull(leida, texto);
        assertEquals(OffsetDateTime.parse(texto), leida, texto);
        assertEquals(texto, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(leida));
    }

    /** Texts of the right length and separators with any characters in them, and any text at all. */
    @Property(tries = 3000)
    void nuncaDiceOtraCosaQueElParserGeneral(@ForAll("casiHoras") String texto) {
        comparar(texto);
    }

    /** The edges of each field, where a hand-written reader goes wrong first. */
    @Property(tries = 1)
    void enLosBordesDiceLoMismo() {
        for (String t : new String[] {"2026-11-20T10:15:00+18:00", "2026-11-20T10:15:00-18:00",
                "2026-11-20T10:15:00+18:01", "2026-11-20T10:15:00-18:59", "2026-11-20T10:15:00+19:00",
                "2026-11-20T10:15:00+00:60", "2026-11-20T10:15:00-00:00", "2024-02-29T00:00:00Z",
                "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z",
                "2026-11-00T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00",
                "2026-11-20T24:00:00Z", "2026-11-20T23:60:00Z", "2026-11-20T23:59:60Z", "2026-11-20T10:15:00.Z",
                "2026-11-20T10:15:00.000000000Z", "2026-11-20T10:15:00.5+03:00"}) {
            comparar(t);
        }
        assertNotNull(HoraIso.leer("2026-11-20T10:15:00.123-03:00"));
    }

    private static void comparar(String texto) {
        OffsetDateTime leida = HoraIso.leer(texto);
        OffsetDateTime general;
        try {
            general = OffsetDateTime.parse(texto);
        } catch (DateTimeException e) {
            assertNull(leida, texto + " is refused by the general parser: " + e.getMessage());
            return;
        }
        if (leida != null) {
            assertEquals(general, leida, texto);
        }
    }

    @Provide
    Arbitrary<OffsetDateTime> horas() {
        Arbitrary<LocalDateTime> fechas = Arbitraries.longs()
                .between(LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC),
                        LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC))
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<ZoneOffset> desplazamientos = Arbitraries.oneOf(
                Arbitraries.integers().between(-18 * 60, 18 * 60).map(m -> ZoneOffset.ofTotalSeconds(m * 60)),
                Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds));
        return Combinators.combine(fechas, nanos, desplazamientos)
                .as((f, n, d) -> OffsetDateTime.of(f.withNano(n), d));
    }

    @Provide
    Arbitrary<String> casiHoras() {
        // each position a digit, a separator of the shape, a sign, Z, or anything in Unicode
        Arbitrary<Character> letra = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.chars().range('0', '9')),
                net.jqwik.api.Tuple.of(3, Arbitraries.of('-', ':', 'T', '.', '+', 'Z', 'z', 't')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars()));
        Arbitrary<String> forma = Arbitraries.of(
                "dddd-dd-ddTdd:dd:ddZ", "dddd-dd-ddTdd:dd:dd+dd:dd", "dddd-dd-ddTdd:dd:dd-dd:dd",
                "dddd-dd-ddTdd:dd:dd.dZ", "dddd-dd-ddTdd:dd:dd.ddd-dd:dd", "dddd-dd-ddTdd:dd:dd.ddddddddd+dd:dd",
                "dddd-dd-ddTdd:dd:dd.dddddddddd+dd:dd", "dddd-dd-ddTdd:dd:dd.-dd:dd", "dddd-dd-ddTdd:dd:dd+dd:dd:dd",
                "dddd-dd-ddTdd:ddZ", "dddd-dd-ddTdd:dd:dd+dddd");
        Arbitrary<String> conDigitos = forma.flatMap(f -> letra.list().ofSize(f.length()).map(cs -> {
            StringBuilder s = new StringBuilder(f);
            for (int i = 0; i < f.length(); i++) {
                if (f.charAt(i) == 'd') {
                    s.setCharAt(i, cs.get(i));
                }
            }
            return s.toString();
        }));
        // a valid time with one character changed or dropped
        Arbitrary<String> mutada = Combinators.combine(horas(), Arbitraries.integers().between(0, 34), letra,
                Arbitraries.of(true, false)).as((h, i, c, quitar) -> {
                    StringBuilder s = new StringBuilder(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(h));
                    int k = Math.min(i, s.length() - 1);
                    return (quitar ? s.deleteCharAt(k) : s.replace(k, k + 1, String.valueOf(c))).toString();
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, conDigitos),
                net.jqwik.api.Tuple.of(4, mutada),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    @Property(tries = 1)
    void otrasFormasQuedanParaElParserGeneral() {
        for (String t : new String[] {"2026-11-20T10:15-03:00", "2026-11-20T10:15:00", "+12026-11-20T10:15:00Z",
                "2026-11-20T10:15:00+03:00:30", "2026-11-20T10:15:00.1234567890Z", "2026-02-30T10:15:00Z",
                "2026-11-20t10:15:00Z", "2026-11-20T10:15:00z", "２026-11-20T10:15:00Z"}) {
            assertNull(HoraIso.leer(t), t);
        }
    }
}
