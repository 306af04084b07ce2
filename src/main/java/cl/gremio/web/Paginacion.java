package cl.gremio.web;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import cl.gremio.entrada.Rechazo;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Every list the API reads is a page: at most {@code limite} rows (query parameter, default and
 * maximum as settings; above the maximum a 400 naming it), after the row a cursor {@code despues}
 * names (keyset: the next page starts after the last row's key, so a page costs the same however
 * far on it is, and rows written meanwhile neither repeat nor skip the rest). When more rows
 * exist the answer carries {@code Link: <path?limite=N&despues=C>; rel="next"}.
 * <p>
 * The cursor is opaque to clients: the last row's key parts, in base64url. A cursor that does not
 * decode into parts of the page's kinds is a 400 naming {@code despues}, never SQL.
 */
public class Paginacion {

    /** The kinds of a key part, and what a page without a cursor starts after. */
    public enum Parte {
        /** text ascending (carts, ids, RUTs: letters, digits, - . _ :): the empty text comes first */
        TEXTO,
        /** an instant, newest first: a far future comes first */
        HORA,
        /** a number, highest first */
        NUMERO
    }

    private static final OffsetDateTime FUTURO = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    private final int porDefecto;
    private final int maximo;

    /** {@code porDefecto}, {@code maximo}: gremio.lectura.limite-por-defecto and gremio.lectura.limite-maximo. */
    public Paginacion(int porDefecto, int maximo) {
        this.porDefecto = porDefecto;
        this.maximo = maximo;
    }

    /** With gremio.lectura.limite-por-defecto and gremio.lectura.limite-maximo as {@code ajuste} gives them. */
    public static Paginacion con(UnaryOperator<String> ajuste) {
        return new Paginacion(Integer.parseInt(ajuste.apply("gremio.lectura.limite-por-defecto")),
                Integer.parseInt(ajuste.apply("gremio.lectura.limite-maximo")));
    }

    public int maximo() {
        return maximo;
    }

    /**
     * Reads {@code limite} and {@code despues} from the request into headers for the page's SQL:
     * {@code limite}, {@code filas} (one more: whether a next page exists) and {@code despues1..n},
     * the cursor's parts (typed, defaults when there is no cursor). {@code partes}: the key's kinds,
     * comma-separated (TEXTO, HORA, NUMERO).
     */
    public void pedir(Exchange exchange, String partes) {
        Message m = exchange.getMessage();
        int limite = limite(parametro(m, "limite"));
        m.setHeader("limite", limite);
        m.setHeader("filas", limite + 1);
        List<Object> cursor = cursor(parametro(m, "despues"), tipos(partes));
        for (int i = 0; i < cursor.size(); i++) {
            m.setHeader("despues" + (i + 1), cursor.get(i));
        }
    }

    /**
     * The page's rows (the SQL read one more than {@code limite}): the extra row is dropped and a
     * Link to the next page, after the last row's {@code columnas}, is set.
     */
    public List<Map<String, Object>> cortar(Exchange exchange, String columnas) {
        Message m = exchange.getMessage();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> filas = m.getBody(List.class);
        int limite = m.getHeader("limite", Integer.class);
        if (filas.size() <= limite) {
            return filas;
        }
        List<Map<String, Object>> pagina = new ArrayList<>(filas.subList(0, limite));
        Map<String, Object> ultima = pagina.get(limite - 1);
        List<Object> clave = new ArrayList<>();
        for (String c : columnas.split(",")) {
            clave.add(ultima.get(c.strip()));
        }
        siguiente(m, limite, clave);
        return pagina;
    }

    /** Sets the Link header to the next page: the same path, after {@code clave}. */
    public void siguiente(Message m, int limite, List<Object> clave) {
        m.setHeader("Link", "<" + ruta(m) + "?limite=" + limite + "&despues=" + codificar(clave) + ">; rel=\"next\"");
    }

    /** {@code limite} of the request: absent, the default; else a whole number from 1 to the maximum. */
    public int limite(String valor) {
        if (valor == null) {
            return porDefecto;
        }
        int n;
        try {
            n = valor.length() > 9 ? -1 : Integer.parseInt(valor);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > maximo) {
            throw Rechazo.campo("limite", "limite debe ser un entero entre 1 y " + maximo);
        }
        return n;
    }

    /** The key parts of cursor {@code valor}, of {@code tipos}; without a cursor, where a first page starts. */
    public List<Object> cursor(String valor, List<Parte> tipos) {
        List<Object> partes = new ArrayList<>();
        if (valor == null) {
            for (Parte t : tipos) {
                partes.add(switch (t) {
                    case TEXTO -> "";
                    case HORA -> FUTURO;
                    case NUMERO -> Long.MAX_VALUE;
                });
            }
            return partes;
        }
        String[] texto;
        try {
            texto = valor.length() > 400 ? null
                    : new String(Base64.getUrlDecoder().decode(valor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            texto = null;
        }
        if (texto == null || texto.length != tipos.size()) {
            throw invalido();
        }
        try {
            for (int i = 0; i < texto.length; i++) {
                partes.add(switch (tipos.get(i)) {
                    case TEXTO -> texto(texto[i]);
                    case HORA -> hora(texto[i]);
                    case NUMERO -> Long.parseLong(texto[i]);
                });
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalido();
        }
        return partes;
    }

    /** A text part: no key holds a control character, and PostgreSQL refuses a NUL in text (a 500). */
    private static String texto(String parte) {
        if (parte.chars().anyMatch(Character::isISOControl)) {
            throw invalido();
        }
        return parte;
    }

    /** An instant part: years 1 to 9999, as every store takes them (PostgreSQL's end at 294276: a 500 past it). */
    private static OffsetDateTime hora(String parte) {
        OffsetDateTime hora = OffsetDateTime.parse(parte);
        int anio = hora.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        if (anio < 1 || anio > FUTURO.getYear()) {
            throw invalido();
        }
        return hora;
    }

    /** A key as a cursor: its parts (an instant as ISO-8601 in UTC), one a line, in base64url. */
    public static String codificar(List<Object> clave) {
        StringBuilder sb = new StringBuilder();
        for (Object v : clave) {
            if (v instanceof Timestamp ts) {
                v = ts.toInstant();
            } else if (v instanceof OffsetDateTime t) {
                v = t.toInstant();
            }
            sb.append(sb.isEmpty() ? "" : "\n").append(v);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static List<Parte> tipos(String partes) {
        List<Parte> tipos = new ArrayList<>();
        for (String p : partes.split(",")) {
            tipos.add(Parte.valueOf(p.strip()));
        }
        return tipos;
    }

    private static Rechazo invalido() {
        return Rechazo.campo("despues", "despues no es un cursor de esta lista; use el enlace rel=\"next\" de la página anterior");
    }

    /** A query parameter of the request (never a header of the same name); outside HTTP the message's header. */
    public static String parametro(Message m, String nombre) {
        if (m instanceof HttpMessage http) {
            List<String> valores = http.getRequest().params().getAll(nombre);
            if (valores.size() > 1) {
                throw Rechazo.campo(nombre, nombre + " viene más de una vez");
            }
            return valores.isEmpty() ? null : valores.get(0);
        }
        Object v = m.getHeader(nombre);
        return v == null ? null : v.toString();
    }

    private static String ruta(Message m) {
        if (m instanceof HttpMessage http) {
            return http.getRequest().path();
        }
        return m.getHeader(Exchange.HTTP_PATH, "", String.class);
    }
}
