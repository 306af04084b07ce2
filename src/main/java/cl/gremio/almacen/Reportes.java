package cl.gremio.almacen;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.UUID;

/** Plain CSV for the report files a person opens in a spreadsheet. */
public final class Reportes {

    private Reportes() {
    }

    /** What writes a report's text, and answers what its caller wants to know of it. */
    @FunctionalInterface
    interface Contenido<T> {
        T escribir(Writer w) throws IOException, SQLException;
    }

    /**
     * Writes {@code archivo} in {@code carpeta} through a temporary file of its own, moved into
     * place when whole: a reader never sees half a report, and two writers at once (the board's
     * POST and the scheduled run) never truncate each other's file nor find it gone.
     */
    static <T> T escribir(Path carpeta, String archivo, Contenido<T> contenido) throws IOException, SQLException {
        Files.createDirectories(carpeta);
        Path temporal = carpeta.resolve(".escribiendo-" + UUID.randomUUID() + "-" + archivo);
        try {
            T resultado;
            try (Writer w = Files.newBufferedWriter(temporal, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                resultado = contenido.escribir(w);
            }
            Files.move(temporal, carpeta.resolve(archivo), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return resultado;
        } finally {
            Files.deleteIfExists(temporal);
        }
    }

    /** Quoted when needed; a leading = + - @ of text is defused so a spreadsheet does not run it. */
    static String celda(String v) {
        // (?s): a value holding a line break of any kind (U+2028, U+0085) is matched whole, not up to it
        if (v.matches("(?s)[=+@\t\r-].*") && !v.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            v = "'" + v;
        }
        return v.matches("(?s).*[,\"\\n\\r\\u0085\\u2028\\u2029].*") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
