package cl.gremio.dominio;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Wire format of {@code hora}: ISO-8601 with offset and always with seconds. */
public final class Iso {

    private Iso() {
    }

    public static String hora(OffsetDateTime hora) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(hora);
    }
}
