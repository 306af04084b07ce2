package cl.gremio.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import cl.gremio.entrada.Rechazo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import cl.gremio.entrada.Esquemas;
import org.apache.camel.Exchange;

/**
 * The guild's pages, served from the application's own classpath ({@code web/}), and the
 * contract's files from {@code config/} (the OpenAPI document, the schemas): a file name is
 * checked against a strict pattern, so no path can reach anything else (not the data dir, not
 * the settings). Every page carries security headers.
 */
public class Paginas {

    private static final Pattern ARCHIVO = Pattern.compile("[a-z0-9-]{1,40}\\.(html|css|js|svg|png|webmanifest)");
    private static final Map<String, String> TIPOS = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png",
            "webmanifest", "application/manifest+json; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The contract's files are the project's, beside the routes: read from the working directory. */
    private static final Path CONTRATO = Path.of("config", "openapi.yaml");
    private static final Pattern ESQUEMA = Pattern.compile("[a-z0-9-]{1,40}\\.json");
    /** Leaflet's own files, from its WebJar (the version is the pom's leaflet.version). */
    private static final String LEAFLET = "/META-INF/resources/webjars/leaflet/1.9.4/dist/";
    private static final Set<String> DE_LEAFLET = Set.of("leaflet.js", "leaflet.css");
    /** The pages that show the map: only they may load images from the tile server. */
    private static final Set<String> CON_MAPA = Set.of("mapa.html", "panel.html");
    private static final String OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    private final String politica;
    private final String politicaConMapa;
    private final Map<String, Object> ajustes;
    private final Map<Path, byte[]> leidos = new java.util.concurrent.ConcurrentHashMap<>();

    /** The pages with OpenStreetMap's tiles and no other settings (route tests). */
    public Paginas() {
        this(OSM, Map.of());
    }

    /**
     * @param teselas the map's tile URL template (gremio.mapa.teselas): its origin is the one image
     *                source the map's pages may use besides our own
     * @param ajustes what the pages read from {@code GET /api/ajustes}
     */
    public Paginas(String teselas, Map<String, Object> ajustes) {
        this.politica = politica("");
        this.politicaConMapa = politica(origen(teselas));
        this.ajustes = Map.copyOf(ajustes);
    }

    private static String politica(String imagenes) {
        return "default-src 'self'; img-src 'self' data:" + imagenes + "; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }

    /**
     * " https://host[:port]" of a tile URL template ({s} subdomains as a wildcard), or "" when the
     * template is empty or not http(s): then the map shows its markers on a plain background.
     */
    static String origen(String teselas) {
        if (teselas == null || teselas.isBlank()) {
            return "";
        }
        try {
            URI u = URI.create(teselas.replace("{s}", "sub").replaceAll("\\{[a-z]+}", "0"));
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                return "";
            }
            String host = teselas.contains("{s}.") ? u.getHost().replaceFirst("^sub\\.", "*.") : u.getHost();
            return " " + u.getScheme() + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gremio.mapa.teselas no es una URL: " + teselas, e);
        }
    }

    /**
     * {@code GET /api/ajustes}: the settings the map and the panel need (tiles, centre, refresh
     * periods), and the server's clock, by which the vendor's page corrects a phone's wrong clock.
     */
    public Map<String, Object> ajustes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ahora", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        m.putAll(ajustes);
        return m;
    }

    /** Leaflet's script or style sheet, from its WebJar on the classpath; 404 for any other name. */
    public void servirLeaflet(Exchange exchange, String archivo) throws IOException {
        if (archivo == null || !DE_LEAFLET.contains(archivo)) {
            throw Rechazo.noEncontrado("no existe " + nombrado(archivo));
        }
        servir(exchange, LEAFLET + archivo, archivo);
    }

    /** A name from a request's path as a 404 repeats it: cut, so a stranger's kilobytes are not echoed. */
    private static String nombrado(String nombre) {
        return nombre == null || nombre.length() <= 80 ? nombre : nombre.substring(0, 80) + "...";
    }

    /** The OpenAPI document, {@code config/openapi.yaml} (read from the working directory, as the schemas it refers to). */
    public void servirContrato(Exchange exchange) {
        // application/yaml as RFC 9512 registers it
        servirDeConfig(exchange, CONTRATO, "application/yaml; charset=utf-8");
    }

    /** A schema of {@code config/esquemas/}, as the document's {@code $ref}s name it; 404 for any other name. */
    public void servirEsquema(Exchange exchange, String nombre) {
        if (nombre == null || !ESQUEMA.matcher(nombre).matches()) {
            throw Rechazo.noEncontrado("no existe el esquema " + nombrado(nombre));
        }
        servirDeConfig(exchange, Esquemas.CARPETA.resolve(nombre), "application/schema+json");
    }

    /**
     * Read once, on first request: the application validates with the schemas as they were at its
     * start, so it serves them as they were then too (and no request waits on the disk).
     */
    private void servirDeConfig(Exchange exchange, Path archivo, String tipo) {
        exchange.getMessage().setBody(leidos.computeIfAbsent(archivo, a -> {
            try {
                return Files.readAllBytes(a);
            } catch (NoSuchFileException e) {
                throw Rechazo.noEncontrado("no existe " + a.getFileName());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, tipo);
        seguridad(exchange);
    }

    /** Sets body, content type and security headers for {@code web/<archivo>}; 404 when there is no such file. */
    public void servir(Exchange exchange, String archivo) throws IOException {
        if (archivo == null || !ARCHIVO.matcher(archivo).matches()) {
            throw Rechazo.noEncontrado("no existe " + nombrado(archivo));
        }
        servir(exchange, "/web/" + archivo, archivo);
    }

    private void servir(Exchange exchange, String recurso, String archivo) throws IOException {
        try (InputStream in = Paginas.class.getResourceAsStream(recurso)) {
            if (in == null) {
                throw Rechazo.noEncontrado("no existe " + archivo);
            }
            exchange.getMessage().setBody(in.readAllBytes());
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, TIPOS.get(archivo.substring(archivo.lastIndexOf('.') + 1)));
        seguridad(exchange);
        if (CON_MAPA.contains(archivo)) {
            exchange.getMessage().setHeader("Content-Security-Policy", politicaConMapa);
        }
    }

    /** Headers that keep a page from being framed, sniffed, or made to run anything but our own scripts. */
    public void seguridad(Exchange exchange) {
        var m = exchange.getMessage();
        m.setHeader("Content-Security-Policy", politica);
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
                <header><nav><a href="/vender">Vender</a><a href="/">Registrar</a><a href="/panel">Panel</a>\
                <a href="/mapa">Mapa</a></nav></header>
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
