package cl.gremio;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Days the tests use, relative to today in the guild's zone: a request's hora must be within the last 7 days. */
public final class Dias {

    public static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

    private Dias() {
    }

    /** The local day {@code dias} days before today. */
    public static LocalDate hace(int dias) {
        return LocalDate.now(SANTIAGO).minusDays(dias);
    }

    /** {@code hora} on that day in the zone, with its offset ({@code 2026-11-20T10:15-03:00}). */
    public static OffsetDateTime a(LocalDate dia, LocalTime hora) {
        return dia.atTime(hora).atZone(SANTIAGO).toOffsetDateTime();
    }
}
