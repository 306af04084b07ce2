package cl.gremio.almacen;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The list of approved members the monthly publication writes, {@code miembros-<fecha>.csv} in
 * the reports folder: read a page at a time ({@code miembros-aprobados.sql}, by RUT) into a
 * temporary file moved into place. Anyone may apply, and a premium application is approved at
 * once, so the list may grow as strangers please: its memory must not.
 */
public class Publicacion {

    /** Members read at a time. */
    static final int POR_LECTURA = 1_000;

    private final Sql aprobados = Sql.de("miembros-aprobados");
    private final DataSource ds;
    private final ZoneId zona;
    private final Path reportes;

    public Publicacion(DataSource ds, ZoneId zona, Path reportes) {
        this.ds = ds;
        this.zona = zona;
        this.reportes = reportes;
    }

    /** Writes today's list (replacing one written earlier today) and answers how many members it holds. */
    public int escribir() throws IOException, SQLException {
        return Reportes.escribir(reportes, "miembros-" + LocalDate.now(zona) + ".csv", this::lista);
    }

    /** Writes the approved members, a page at a time, into {@code w}; answers how many. */
    private int lista(Writer w) throws IOException, SQLException {
        int miembros = 0;
        try (Connection c = ds.getConnection()) {
            String despues = "";
            for (int leidos = POR_LECTURA; leidos == POR_LECTURA; ) {
                leidos = 0;
                try (PreparedStatement ps = aprobados.preparar(c, Map.of("despues1", despues, "filas", POR_LECTURA));
                        ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData columnas = rs.getMetaData();
                    if (miembros == 0) {
                        for (int i = 1; i <= columnas.getColumnCount(); i++) {
                            w.write((i > 1 ? "," : "") + columnas.getColumnLabel(i).toLowerCase(Locale.ROOT));
                        }
                        w.write('\n');
                    }
                    while (rs.next()) {
                        for (int i = 1; i <= columnas.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            w.write((i > 1 ? "," : "") + Reportes.celda(v == null ? "" : v.toString()));
                        }
                        w.write('\n');
                        despues = rs.getString("rut");
                        leidos++;
                    }
                }
                miembros += leidos;
            }
        }
        return miembros;
    }
}
