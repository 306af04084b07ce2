package cl.gremio.almacen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Every statement Gremio runs lives in one place beside the routes, {@code config/sql/<name>.sql}
 * (read from the working directory, as {@code routes/} is): the routes use them as
 * {@code sql:file:config/sql/<name>.sql}, the Java code through here. Java's statements take
 * {@code ?} parameters; the routes' take camel-sql's {@code :#name}.
 */
public final class Sql {

    /** Where the statements are, relative to the working directory. */
    public static final Path CARPETA = Path.of("config", "sql");

    private Sql() {
    }

    /** The statement in {@code config/sql/<nombre>.sql}; read once, where it is held (a static field or a constructor). */
    public static String de(String nombre) {
        Path archivo = CARPETA.resolve(nombre + ".sql");
        try {
            return Files.readString(archivo, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("No SQL statement " + archivo.toAbsolutePath()
                    + ": start Gremio from the directory that holds config/ and routes/", e);
        } catch (IOException e) {
            throw new UncheckedIOException(archivo.toString(), e);
        }
    }
}
