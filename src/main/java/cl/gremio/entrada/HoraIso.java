package cl.gremio.entrada;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads the {@code hora} our producing routes write ({@code 2026-11-20T10:15:00.123-03:00}: date,
 * time with seconds, 0 to 9 decimals, {@code Z} or an offset {@code ±HH:MM}) without Java's
 * general ISO parser, which was most of the cost of reading a record's hora (every sale's three
 * records carry one). Anything else, and anything this reader cannot build, is left to the
 * general parser by answering null, so it accepts and refuses exactly what that parser does
 * ({@code HoraIsoTest} compares the two on generated input).
 */
final class HoraIso {

    private HoraIso() {
    }

    /** The time the text says, or null when the text is not in that exact shape or not a valid time. */
    static OffsetDateTime leer(String h) {
        int n = h.length();
        if (n < 20 || n > 35 || h.charAt(4) != '-' || h.charAt(7) != '-' || h.charAt(10) != 'T'
                || h.charAt(13) != ':' || h.charAt(16) != ':') {
            return null;
        }
        int anio = digitos(h, 0, 4);
        int mes = digitos(h, 5, 2);
        int dia = digitos(h, 8, 2);
        int horas = digitos(h, 11, 2);
        int minutos = digitos(h, 14, 2);
        int segundos = digitos(h, 17, 2);
        if ((anio | mes | dia | horas | minutos | segundos) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (h.charAt(i) == '.') {
            int desde = ++i;
            while (i < n && i - desde < 9 && esDigito(h.charAt(i))) {
                nanos = nanos * 10 + (h.charAt(i++) - '0');
            }
            if (i == desde) {
                return null;
            }
            for (int k = i - desde; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset desplazamiento;
        if (i == n - 1 && h.charAt(i) == 'Z') {
            desplazamiento = ZoneOffset.UTC;
        } else if (i == n - 6 && (h.charAt(i) == '+' || h.charAt(i) == '-') && h.charAt(i + 3) == ':') {
            int hh = digitos(h, i + 1, 2);
            int mm = digitos(h, i + 4, 2);
            if ((hh | mm) < 0 || hh > 18 || mm > 59 || (hh == 18 && mm > 0)) {
                return null;
            }
            int total = hh * 3600 + mm * 60;
            desplazamiento = ZoneOffset.ofTotalSeconds(h.charAt(i) == '-' ? -total : total);
        } else {
            return null;
        }
        if (mes < 1 || mes > 12 || dia < 1 || dia > 31 || horas > 23 || minutos > 59 || segundos > 59) {
            return null;
        }
        try {
            return OffsetDateTime.of(anio, mes, dia, horas, minutos, segundos, nanos, desplazamiento);
        } catch (java.time.DateTimeException e) {
            return null; // 31 April, 29 February of a common year: the general parser says why
        }
    }

    /** The value of {@code largo} ASCII digits from {@code desde}, or -1. */
    private static int digitos(String h, int desde, int largo) {
        int v = 0;
        for (int i = desde; i < desde + largo; i++) {
            char c = h.charAt(i);
            if (!esDigito(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean esDigito(char c) {
        return c >= '0' && c <= '9';
    }
}
