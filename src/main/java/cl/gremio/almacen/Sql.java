package cl.gremio.almacen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every statement Gremio runs lives in one place beside the routes, {@code config/sql/<name>.sql}
 * (read from the working directory, as {@code routes/} is), one statement a file, with named
 * parameters {@code :#name} for the routes and Java alike: the routes use a file as
 * {@code sql:file:config/sql/<name>.sql} (camel-sql takes {@code :#name} from the body or the
 * headers), the Java code through here, which binds it from a map: a record's fields as
 * {@code Lector} reads them, or the values a method gives.
 * <p>
 * A statement is parsed once, where it is held (a static field or a constructor): into the JDBC
 * text, with {@code ?} for each {@code :#name}, and where each name goes, so that binding a row
 * looks up each name once. {@code :#} inside a string literal, a quoted identifier or a comment
 * is text, {@code ::} casts stay, and a bare {@code ?} is refused (its meaning would depend on
 * an order Java keeps). Binding from a map that has no key for a name the statement uses is an
 * error naming the file and the name: a record's map holds every field its schema declares,
 * {@code null} for an optional one that is absent, so a missing key is a name that matches no
 * field (a typo, or a field not declared), never an absent value.
 */
public final class Sql {

    /** Where the statements are, relative to the working directory. */
    public static final Path CARPETA = Path.of("config", "sql");

    private final String nombre;
    private final String jdbc;
    /** Each distinct name the statement uses, in order of first use, and the 1-based places it goes. */
    private final String[] nombres;
    private final int[][] posiciones;

    private Sql(String nombre, String jdbc, List<String> porPosicion) {
        this.nombre = nombre;
        this.jdbc = jdbc;
        Map<String, List<Integer>> donde = new LinkedHashMap<>();
        for (int i = 0; i < porPosicion.size(); i++) {
            donde.computeIfAbsent(porPosicion.get(i), k -> new ArrayList<>()).add(i + 1);
        }
        this.nombres = donde.keySet().toArray(String[]::new);
        this.posiciones = donde.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** The statement in {@code config/sql/<nombre>.sql}, parsed; read once, where it is held (a static field or a constructor). */
    public static Sql de(String nombre) {
        Path archivo = CARPETA.resolve(nombre + ".sql");
        try {
            return analizar(archivo.toString(), Files.readString(archivo, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("No SQL statement " + archivo.toAbsolutePath()
                    + ": start Gremio from the directory that holds config/ and routes/", e);
        } catch (IOException e) {
            throw new UncheckedIOException(archivo.toString(), e);
        }
    }

    /** {@code texto} parsed as a statement; {@code nombre} is what its errors call it (its file). */
    static Sql analizar(String nombre, String texto) {
        StringBuilder jdbc = new StringBuilder(texto.length());
        List<String> porPosicion = new ArrayList<>();
        int n = texto.length();
        int i = 0;
        while (i < n) {
            char c = texto.charAt(i);
            char sigue = i + 1 < n ? texto.charAt(i + 1) : 0;
            if (c == '\'' || c == '"') {
                int fin = cierre(nombre, texto, i);
                jdbc.append(texto, i, fin);
                i = fin;
            } else if (c == '-' && sigue == '-') {
                int fin = texto.indexOf('\n', i);
                i = fin < 0 ? n : fin; // the comment goes, its line end stays
            } else if (c == '/' && sigue == '*') {
                int fin = texto.indexOf("*/", i + 2);
                if (fin < 0) {
                    throw new IllegalStateException(nombre + ": a comment /* is never closed");
                }
                jdbc.append(' ');
                i = fin + 2;
            } else if (c == ':' && sigue == ':') {
                jdbc.append("::");
                i += 2;
            } else if (c == ':' && sigue == '#') {
                int fin = i + 2;
                while (fin < n && letraDeNombre(texto.charAt(fin))) {
                    fin++;
                }
                if (fin == i + 2) {
                    throw new IllegalStateException(nombre + ": a parameter is :# followed by its name (letters, digits, _), near \""
                            + texto.substring(i, Math.min(n, i + 20)) + "\"");
                }
                porPosicion.add(texto.substring(i + 2, fin));
                jdbc.append('?');
                i = fin;
            } else if (c == '?') {
                throw new IllegalStateException(nombre + ": parameters are named, :#name, not ? (near \""
                        + texto.substring(Math.max(0, i - 20), i + 1).strip() + "\")");
            } else {
                jdbc.append(c);
                i++;
            }
        }
        return new Sql(nombre, jdbc.toString().strip(), porPosicion);
    }

    /** A name is what camel-sql takes after {@code :#} in the routes: ASCII letters, digits and {@code _}. */
    private static boolean letraDeNombre(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** Where the literal or quoted identifier opened at {@code inicio} ends (just past its closing quote; doubled quotes are part of it). */
    private static int cierre(String nombre, String texto, int inicio) {
        char comilla = texto.charAt(inicio);
        int i = inicio + 1;
        while (true) {
            int fin = texto.indexOf(comilla, i);
            if (fin < 0) {
                throw new IllegalStateException(nombre + ": a " + comilla + " opened and never closed");
            }
            if (fin + 1 < texto.length() && texto.charAt(fin + 1) == comilla) {
                i = fin + 2;
            } else {
                return fin + 1;
            }
        }
    }

    /** The file it came from, for messages. */
    public String nombre() {
        return nombre;
    }

    /** The statement as JDBC takes it: {@code ?} for each parameter, comments left out. */
    public String jdbc() {
        return jdbc;
    }

    /** The distinct names the statement uses, in order of first use. */
    public List<String> parametros() {
        return List.of(nombres);
    }

    public PreparedStatement preparar(Connection c) throws SQLException {
        return c.prepareStatement(jdbc);
    }

    /** Prepared with {@code claves}, say {@link java.sql.Statement#RETURN_GENERATED_KEYS}. */
    public PreparedStatement preparar(Connection c, int claves) throws SQLException {
        return c.prepareStatement(jdbc, claves);
    }

    /** Prepared and bound from {@code valores}: a statement run once. */
    public PreparedStatement preparar(Connection c, Map<String, ?> valores) throws SQLException {
        PreparedStatement ps = c.prepareStatement(jdbc);
        try {
            enlazar(ps, valores);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * Binds each parameter to {@code valores}' value of its name (null binds SQL NULL).
     *
     * @throws IllegalStateException naming the file and the name, when {@code valores} has no key for a name
     */
    public void enlazar(PreparedStatement ps, Map<String, ?> valores) throws SQLException {
        for (int k = 0; k < nombres.length; k++) {
            Object valor = valores.get(nombres[k]);
            if (valor == null && !valores.containsKey(nombres[k])) {
                throw new IllegalStateException(nombre + " uses :#" + nombres[k] + ", which is not among the values it is given "
                        + new TreeSet<>(valores.keySet()) + ": a field of the record (as its schema names it) or a value the Java code gives");
            }
            for (int posicion : posiciones[k]) {
                ps.setObject(posicion, valor);
            }
        }
    }

    @Override
    public String toString() {
        return nombre + " " + Arrays.toString(nombres);
    }
}
