package cl.gremio.almacen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Every statement Gremio runs lives in one place, {@code src/main/resources/sql/<name>.sql}:
 * the routes use them as {@code sql:classpath:sql/<name>.sql}, the Java code through here.
 * Java's statements take {@code ?} parameters; the routes' take camel-sql's {@code :#name}.
 */
public final class Sql {

    private Sql() {
    }

    /** The statement in {@code sql/<nombre>.sql}; read once, where it is held (a static field or a constructor). */
    public static String de(String nombre) {
        String recurso = "sql/" + nombre + ".sql";
        try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(recurso)) {
            if (in == null) {
                throw new IllegalStateException("No SQL statement " + recurso + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(recurso, e);
        }
    }
}
