package cl.gremio.almacen;

import java.util.List;
import java.util.Map;

/** Plain CSV for the report files a person opens in a spreadsheet. */
public final class Reportes {

    private Reportes() {
    }

    /** Rows as CSV, the header taken from the first row's columns. */
    public static String csv(List<Map<String, Object>> filas) {
        if (filas.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.join(",", filas.get(0).keySet())).append('\n');
        for (Map<String, Object> fila : filas) {
            sb.append(String.join(",", fila.values().stream().map(v -> celda(v == null ? "" : v.toString()))
                    .toList())).append('\n');
        }
        return sb.toString();
    }

    /** Quoted when needed; a leading = + - @ of text is defused so a spreadsheet does not run it. */
    static String celda(String v) {
        if (v.matches("[=+@-].*") && !v.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            v = "'" + v;
        }
        return v.matches(".*[,\"\\n\\r].*") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
