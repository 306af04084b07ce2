package cl.gremio.almacen;

/** Plain CSV for the report files a person opens in a spreadsheet. */
public final class Reportes {

    private Reportes() {
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
