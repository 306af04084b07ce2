package cl.gremio.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import cl.gremio.entrada.Rechazo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * The guild's pages, served from the application's own classpath ({@code web/}) only: a file
 * name is checked against a strict pattern, so no path can reach anything else (not the data
 * dir, not the configuration). Every page carries security headers.
 */
public class Paginas {

    private static final Pattern ARCHIVO = Pattern.compile("[a-z0-9-]{1,40}\\.(html|css|js|svg|yaml)");
    // yaml: the API's own contract (openapi.yaml), application/yaml as RFC 9512 registers it
    private static final Map<String, String> TIPOS = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml",
            "yaml", "application/yaml; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sets body, content type and security headers for {@code web/<archivo>}; 404 when there is no such file. */
    public void servir(Exchange exchange, String archivo) throws IOException {
        if (archivo == null || !ARCHIVO.matcher(archivo).matches()) {
            throw Rechazo.noEncontrado("no existe " + archivo);
        }
        try (InputStream in = Paginas.class.getResourceAsStream("/web/" + archivo)) {
            if (in == null) {
                throw Rechazo.noEncontrado("no existe " + archivo);
            }
            exchange.getMessage().setBody(in.readAllBytes());
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, TIPOS.get(archivo.substring(archivo.lastIndexOf('.') + 1)));
        seguridad(exchange);
    }

    /** Headers that keep a page from being framed, sniffed, or made to run anything but our own scripts. */
    public void seguridad(Exchange exchange) {
        var m = exchange.getMessage();
        m.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "no-referrer");
        m.setHeader("Cache-Control", "no-cache");
    }

    /** {@code POST /Ventas} of the original system: today's statistics as an HTML page. */
    public String estadisticasHtml(Map<String, Object> estadisticas) throws IOException {
        JsonNode e = JSON.valueToTree(estadisticas);
        StringBuilder sb = new StringBuilder("""
                <!doctype html><html lang="es"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Estadísticas del día</title><link rel="stylesheet" href="/web/estilo.css"></head><body>
                <main><h1>Estadísticas del\s""").append(html(e.get("fecha").asText())).append("</h1>\n");
        sb.append("<table><thead><tr><th>Carrito</th><th>Ventas</th><th>Sopaipillas</th><th>Clientes</th>"
                + "<th>Promedio por cliente</th><th>Promedio por venta</th><th>Clientes frecuentes</th></tr></thead><tbody>\n");
        for (JsonNode c : e.get("carritos")) {
            StringBuilder frecuentes = new StringBuilder();
            for (JsonNode f : c.get("clientesFrecuentes")) {
                frecuentes.append(frecuentes.isEmpty() ? "" : ", ").append(html(f.get("cliente").asText()))
                        .append(" (").append(f.get("compras").asLong()).append(")");
            }
            sb.append("<tr><td>").append(html(c.get("carrito").asText())).append("</td><td>")
                    .append(c.get("ventas").asLong()).append("</td><td>").append(c.get("sopaipillas").asLong())
                    .append("</td><td>").append(c.get("clientes").asLong()).append("</td><td>")
                    .append(c.get("promedioPorCliente").asText()).append("</td><td>")
                    .append(c.get("promedioPorVenta").asText()).append("</td><td>").append(frecuentes)
                    .append("</td></tr>\n");
        }
        JsonNode t = e.get("totales");
        sb.append("</tbody><tfoot><tr><th>Total</th><td>").append(t.get("ventas").asLong()).append("</td><td>")
                .append(t.get("sopaipillas").asLong()).append("</td><td>").append(t.get("clientes").asLong())
                .append("</td><td>").append(t.get("promedioPorCliente").asText())
                .append("</td><td></td><td></td></tr></tfoot></table></main></body></html>\n");
        return sb.toString();
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
