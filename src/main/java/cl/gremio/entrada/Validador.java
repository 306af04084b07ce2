package cl.gremio.entrada;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cl.gremio.dominio.Aviso;
import cl.gremio.dominio.Miembro;
import cl.gremio.dominio.Venta;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import io.vertx.core.MultiMap;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The gate of every write endpoint: reads a JSON or form body and turns it into a clean
 * domain value, or refuses it with {@link Rechazo}. Nothing refused here reaches Kafka.
 */
public class Validador {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** How Jackson reports a repeated key, which we answer naming the field. */
    private static final Pattern REPETIDO = Pattern.compile("Duplicate field '(.{1,80})'");
    /** A form Vert.x could not decode, however it shows (its refusal before any route, or no fields). */
    public static final String FORMULARIO_ILEGIBLE = "el cuerpo no se pudo leer: formulario mal codificado"
            + " (un % sin dos dígitos hexadecimales, un campo sin nombre)";

    private final ZoneId zona;
    private final Clock reloj;
    private final Duration atraso;
    private final Duration adelanto;
    private final int maxBytes;
    private final Esquemas esquemas;
    private final Esquema solicitudVenta;
    private final Esquema solicitudMiembro;
    private final Esquema solicitudAviso;

    /**
     * {@code esquemas}: the bodies' structure ({@code solicitud-*.json}) and the records'
     * ({@link Lector}); {@code atraso} / {@code adelanto}: the window around the server's clock in
     * which a request's hora is accepted; {@code maxBytes}: the largest body or record
     * (camel.server.max-body-size, which the HTTP server enforces too).
     */
    public Validador(Esquemas esquemas, ZoneId zona, Duration atraso, Duration adelanto, int maxBytes) {
        this(esquemas, zona, Clock.systemUTC(), atraso, adelanto, maxBytes);
    }

    public Validador(Esquemas esquemas, ZoneId zona, Clock reloj, Duration atraso, Duration adelanto, int maxBytes) {
        this.esquemas = esquemas;
        this.zona = zona;
        this.reloj = reloj;
        this.atraso = atraso;
        this.adelanto = adelanto;
        this.maxBytes = maxBytes;
        this.solicitudVenta = esquemas.de("solicitud-venta");
        this.solicitudMiembro = esquemas.de("solicitud-miembro");
        this.solicitudAviso = esquemas.de("solicitud-aviso");
        comprobar(solicitudVenta, esquemas.de("venta"));
    }

    /**
     * What a sale request may carry, the sale record must admit: said at the start, not by a
     * refused record. A property beyond the known fields is carried as the text, number or
     * boolean it was read as ({@link Campos#otros}); an object or a list would travel as its JSON
     * text, which the record refuses: every such sale answered 202 and then dead-lettered.
     */
    private static void comprobar(Esquema solicitud, Esquema registro) {
        for (Map.Entry<String, Esquema.Propiedad> p : solicitud.propiedades().entrySet()) {
            String campo = p.getKey();
            Esquema.Propiedad enRegistro = registro.propiedades().get(campo);
            if (enRegistro == null) {
                throw new IllegalStateException(solicitud.archivo() + " declares " + campo + ", which "
                        + registro.archivo() + " (the NuevaVenta/0 record it is carried into) does not");
            }
            String tipo = p.getValue().tipo();
            if (!Venta.CAMPOS.contains(campo) && (!LLEVABLES.contains(String.valueOf(tipo))
                    || !tipo.equals(enRegistro.tipo()))) {
                throw new IllegalStateException(solicitud.archivo() + " declares " + campo + " of type " + tipo
                        + " and " + registro.archivo() + " of type " + enRegistro.tipo() + ": a sale carries a property"
                        + " of one type, string, integer, number or boolean, the same in both");
            }
        }
    }

    /** The types a sale's other properties may have (what {@link Campos#otros} carries as it was read). */
    private static final java.util.Set<String> LLEVABLES = java.util.Set.of("string", "integer", "number", "boolean");

    private Campos campos(ObjectNode campos) {
        return new Campos(campos, zona, reloj, atraso, adelanto);
    }

    /** A sale: its known fields, and any other property solicitud-venta.json declares, as validated. */
    public Venta venta(Exchange exchange) {
        Campos c = campos(exchange.getMessage(), solicitudVenta);
        return new Venta(c.id(), c.texto("carrito"), c.texto("cliente"), c.entero("cantidad"), c.entero("stock"),
                c.decimal("latitud"), c.decimal("longitud"), c.hora(), c.otros(solicitudVenta, Venta.CAMPOS));
    }

    public Miembro miembro(Exchange exchange) {
        return miembro(campos(exchange.getMessage(), solicitudMiembro));
    }

    /** A validated application (a request's or a record's). */
    static Miembro miembro(Campos c) {
        return new Miembro(c.texto("nombre"), c.texto("apellido"), c.texto("rut"), c.texto("email"),
                c.texto("patente"), c.siNo("premium"));
    }

    /** The board's decision on an application: {@code {"estado": "rechazado"}} is the only one it sends. */
    public String decision(Exchange exchange) {
        String estado = campos(leer(exchange.getMessage())).texto("estado", 20);
        if (!estado.equals("rechazado")) {
            throw Rechazo.campo("estado", "estado solo puede cambiarse a rechazado");
        }
        return estado;
    }

    /**
     * The outcome of the board's rejection: the application as it now stands, or a refusal —
     * 404 when there is no application with that RUT, 409 when it was not pending.
     */
    public Map<String, Object> rechazada(Map<String, Object> miembro, int rechazadas, String rut) {
        if (miembro == null) {
            throw new Rechazo(404, "rut", "no hay solicitud con rut " + rut);
        }
        if (rechazadas == 0) {
            throw Rechazo.conflicto("estado", "solo una solicitud pendiente puede rechazarse; esta está "
                    + miembro.get("estado"));
        }
        return miembro;
    }

    /** A RUT given in a URL path, normalised as stored ({@code 12345678-5}). */
    public String rut(String rut) {
        ObjectNode campos = JSON.createObjectNode();
        campos.put("rut", rut);
        return campos(campos).rut();
    }

    /** The fields of a record read from Kafka (always JSON), validated against its schema. */
    Campos registro(byte[] json, Esquema esquema) {
        ObjectNode n = json(json);
        Campos c = campos(n);
        esquema.validar(n, c, true);
        return c;
    }

    /** The schema of {@code config/esquemas/<nombre>.json}. */
    Esquema esquema(String nombre) {
        return esquemas.de(nombre);
    }

    public Aviso aviso(Exchange exchange) {
        Campos c = campos(exchange.getMessage(), solicitudAviso);
        return new Aviso(c.id(), c.texto("carrito"), c.decimal("latitud"), c.decimal("longitud"), c.hora());
    }

    /** A request's fields, validated against the schema of its body. */
    private Campos campos(Message message, Esquema esquema) {
        ObjectNode n = leer(message);
        Campos c = campos(n);
        esquema.validar(n, c, false);
        return c;
    }

    /** A request's body as fields: JSON, or a form's (each value text). */
    ObjectNode leer(Message message) {
        String tipo = String.valueOf(Cabeceras.deLaPeticion(message, Exchange.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        // a body is read as UTF-8 whatever it says: another charset would be stored garbled (the
        // parameter as Vert.x parsed it from the Content-Type, quoted values and all)
        String charset = message.getExchange().getProperty(Exchange.CHARSET_NAME, String.class);
        if (charset != null && !esUtf8(charset)) {
            throw new Rechazo(415, null, "el cuerpo debe venir en UTF-8 (charset=utf-8), no en "
                    + (charset.length() > 40 ? charset.substring(0, 40) + "..." : charset));
        }
        if (tipo.startsWith("application/json")) {
            return json(message.getBody(byte[].class));
        }
        if (tipo.startsWith("application/x-www-form-urlencoded")) {
            return formulario(message);
        }
        throw new Rechazo(415, null,
                "Content-Type debe ser application/json o application/x-www-form-urlencoded");
    }

    ObjectNode json(byte[] cuerpo) {
        if (cuerpo == null || cuerpo.length == 0) {
            throw new Rechazo(400, null, "el cuerpo está vacío: envíe un objeto JSON");
        }
        if (cuerpo.length > maxBytes) {
            throw new Rechazo(413, null, "el cuerpo supera los " + maxBytes + " bytes");
        }
        if (!utf8Estricto(cuerpo)) {
            throw new Rechazo(400, null, "el cuerpo no es UTF-8 válido (JSON va en UTF-8, sin bytes nulos)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(cuerpo);
        } catch (JsonProcessingException e) {
            Matcher repetido = REPETIDO.matcher(e.getOriginalMessage());
            if (repetido.matches()) {
                throw Rechazo.campo(repetido.group(1), repetido.group(1) + " viene repetido");
            }
            throw new Rechazo(400, null, "JSON mal formado: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rechazo(400, null, "JSON ilegible");
        }
        if (node == null || !node.isObject()) {
            throw new Rechazo(400, null, "el cuerpo debe ser un objeto JSON");
        }
        return (ObjectNode) node;
    }

    /** utf-8, UTF8, ... : a name Java knows as UTF-8. */
    private static boolean esUtf8(String charset) {
        try {
            return java.nio.charset.Charset.forName(charset.strip()).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false; // not a charset name at all
        }
    }

    /**
     * Well-formed UTF-8 with no NUL byte. Jackson, left alone, reads UTF-16 and UTF-32 (it guesses
     * from the NULs) and decodes overlong and CESU-8 sequences ({@code C0 AD} became a hyphen that
     * passed the cart check); Java's decoder refuses those. Most bodies are ASCII and skip it.
     */
    static boolean utf8Estricto(byte[] b) {
        boolean ascii = true;
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
            ascii &= x > 0;
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** A form's fields; a field sent twice is refused, and so is a byte sequence that is not UTF-8. */
    private static ObjectNode formulario(Message message) {
        ObjectNode campos = JSON.createObjectNode();
        Map<String, List<String>> leidos = formularioDe(message);
        if (leidos.isEmpty() && message instanceof HttpMessage http && http.getRequest().bytesRead() > 0) {
            // Vert.x drops every field of a form whose last escape is broken (x%E at the end)
            throw new Rechazo(400, null, FORMULARIO_ILEGIBLE);
        }
        leidos.forEach((campo, valores) -> {
            if (valores.size() > 1) {
                throw Rechazo.campo(campo, campo + " viene repetido");
            }
            // Vert.x decodes %E9 (Latin-1 é) or a raw invalid byte as U+FFFD instead of refusing it
            boolean enElNombre = campo.indexOf('\uFFFD') >= 0;
            if (enElNombre || valores.get(0).indexOf('\uFFFD') >= 0) {
                throw Rechazo.campo(enElNombre ? null : campo, "formulario mal codificado: "
                        + (enElNombre ? "un nombre de campo" : campo) + " no es UTF-8 válido (é se envía como %C3%A9)");
            }
            campos.put(campo, valores.get(0));
        });
        return campos;
    }

    /**
     * The fields of a form body, each with every value it was sent with. Read from the HTTP request
     * itself: no request value becomes a message header (see {@link Cabeceras}), and platform-http
     * fills the body's map only with what its header filter lets through. A map in the body (the
     * original forms' renamed fields, a route test) is taken as it is.
     */
    static Map<String, List<String>> formularioDe(Message message) {
        Map<String, List<String>> campos = new LinkedHashMap<>();
        if (message.getBody() instanceof Map<?, ?> mapa) {
            mapa.forEach((k, v) -> campos.put(String.valueOf(k), v instanceof List<?> lista
                    ? lista.stream().map(String::valueOf).toList() : List.of(String.valueOf(v))));
        } else if (message instanceof HttpMessage http) {
            MultiMap formulario = http.getRequest().formAttributes();
            formulario.names().forEach(campo -> campos.put(campo, formulario.getAll(campo)));
        }
        return campos;
    }
}
