package cl.gremio.entrada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Stream;

import cl.gremio.dominio.Venta;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schemas drive what a sale is: a property declared in them is accepted, refused and carried with no Java. */
class EsquemasTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VENTA = "\"carrito\":\"AB-1\",\"cliente\":\" Ana \",\"cantidad\":3,\"stock\":15,"
            + "\"latitud\":-33.45,\"longitud\":-70.66";
    static final DefaultCamelContext CONTEXTO = new DefaultCamelContext();

    @TempDir
    Path carpeta;

    /** A copy of config/esquemas with {@code medioDePago} declared in the request's and the record's schema. */
    private Validador conMedioDePago() throws Exception {
        try (Stream<Path> archivos = Files.list(Esquemas.CARPETA)) {
            for (Path a : archivos.toList()) {
                Files.copy(a, carpeta.resolve(a.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String archivo : new String[] {"solicitud-venta.json", "venta.json"}) {
            ObjectNode e = (ObjectNode) JSON.readTree(carpeta.resolve(archivo).toFile());
            ((ObjectNode) e.get("properties")).set("medioDePago",
                    JSON.readTree("{\"type\":\"string\",\"enum\":[\"efectivo\",\"tarjeta\",\"transferencia\"]}"));
            JSON.writeValue(carpeta.resolve(archivo).toFile(), e);
        }
        return validador(carpeta);
    }

    private static Validador validador(Path esquemas) {
        return new Validador(Esquemas.de(esquemas), ZoneId.of("America/Santiago"), Duration.ofDays(7),
                Duration.ofMinutes(5), 16384);
    }

    private static Exchange peticion(String tipo, String cuerpo) {
        Exchange e = new DefaultExchange(CONTEXTO);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, tipo);
        e.getMessage().setBody(cuerpo.getBytes(StandardCharsets.UTF_8));
        return e;
    }

    private static Exchange registro(Map<String, Object> cuerpo) throws Exception {
        Exchange e = new DefaultExchange(CONTEXTO);
        e.getMessage().setBody(JSON.writeValueAsBytes(cuerpo));
        return e;
    }

    @Test
    void unCampoDeclaradoSeAceptaSeRechazaYSeLleva() throws Exception {
        Validador validador = conMedioDePago();
        Venta venta = validador.venta(peticion("application/json", "{" + VENTA + ",\"medioDePago\":\"tarjeta\"}"));
        assertEquals(Map.of("medioDePago", "tarjeta"), venta.otros());
        assertEquals("Ana", venta.cliente(), "text is trimmed by Java's rule");
        Map<String, Object> guardado = venta.registro(venta.huella());
        assertEquals("tarjeta", guardado.get("medioDePago"), "the NuevaVenta/0 record carries it");

        Rechazo cheque = assertThrows(Rechazo.class, () -> validador.venta(
                peticion("application/json", "{" + VENTA + ",\"medioDePago\":\"cheque\"}")));
        assertEquals("medioDePago", cheque.getCampo());
        assertTrue(cheque.getMessage().contains("tarjeta"), cheque.getMessage());

        // the consumer reads every declared property back, by name, and recomputes the same digest
        Map<String, Object> leido = new Lector(validador).venta(registro(guardado));
        assertEquals("tarjeta", leido.get("medioDePago"));
        assertEquals(venta.huella(), leido.get("huella"));

        Venta sin = validador.venta(peticion("application/json", "{" + VENTA + "}"));
        Map<String, Object> sinLeido = new Lector(validador).venta(registro(sin.registro(sin.huella())));
        assertTrue(sinLeido.containsKey("medioDePago"), "named for the SQL even when absent");
        assertNull(sinLeido.get("medioDePago"));
    }

    /** A form sends every value as text: read as the type the schema declares, or refused naming the field. */
    @Test
    void unFormularioSeLeeConLosTiposDelEsquema() throws Exception {
        Validador validador = conMedioDePago();
        Map<String, Object> campos = new java.util.HashMap<>(Map.of("carrito", "AB-1", "cliente", "Ana",
                "cantidad", " 3 ", "stock", "15", "latitud", "-33.45", "longitud", "-70.66", "medioDePago", "efectivo"));
        Venta venta = validador.venta(formulario(campos));
        assertEquals(3, venta.cantidad());
        assertEquals(-33.45, venta.latitud());
        assertEquals(Map.of("medioDePago", "efectivo"), venta.otros());
        for (String[] malo : new String[][] {{"cantidad", "tres"}, {"cantidad", "1001"}, {"latitud", "0x1p3"},
            {"stock", "-1"}, {"carrito", "AB 1"}}) {
            campos.put(malo[0], malo[1]);
            Rechazo r = assertThrows(Rechazo.class, () -> validador.venta(formulario(campos)), malo[1]);
            assertEquals(malo[0], r.getCampo(), r.getMessage());
            campos.put("cantidad", "3");
            campos.put("latitud", "-33.45");
            campos.put("stock", "15");
            campos.put("carrito", "AB-1");
        }
    }

    /** A JSON -0 is read as the integer 0 and a form's -0 as -0.0: the same sale, one digest. */
    @Test
    void menosCeroEsCeroEnJsonYEnFormulario() throws Exception {
        Validador validador = validador(Esquemas.CARPETA);
        String hora = OffsetDateTime.now(ZoneId.of("America/Santiago")).withNano(0).toString();
        Venta json = validador.venta(peticion("application/json", "{\"id\":\"v-0\",\"carrito\":\"AB-1\","
                + "\"cliente\":\"Ana\",\"cantidad\":3,\"stock\":15,\"latitud\":-0,\"longitud\":-0.0,\"hora\":\"" + hora + "\"}"));
        Venta forma = validador.venta(formulario(Map.of("id", "v-0", "carrito", "AB-1", "cliente", "Ana", "cantidad", "3",
                "stock", "15", "latitud", "-0", "longitud", "0", "hora", hora)));
        assertEquals(json.huella(), forma.huella());
    }

    private static Exchange formulario(Map<String, Object> campos) {
        Exchange e = new DefaultExchange(CONTEXTO);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        e.getMessage().setBody(new java.util.LinkedHashMap<>(campos));
        return e;
    }

    /** A sale without other properties keeps the digest it always had (stored claims must keep matching). */
    @Test
    void laHuellaDeUnaVentaSinOtrosCamposNoCambia() {
        OffsetDateTime hora = OffsetDateTime.parse("2026-11-20T10:15:00-03:00");
        // computed with the digest as it was before sales carried other properties
        assertEquals("96246f6448fc8d74892dbf43a2971f06",
                Venta.huella("v-1", "AB-1", 3, hora, "Ana", 15, -33.45, -70.66, Map.of()));
        assertEquals("d7bc3ce8596c31c73d8adc87f0b46b41",
                Venta.huella("v-1", "AB-1", 3, hora, "Ana", 15, -33.45, -70.66, Map.of("medioDePago", "tarjeta")));
    }

    /**
     * A sale carries its other properties as text, numbers or booleans: an object or a list was
     * carried as its JSON text, which the record's schema refuses, so every sale that had one was
     * answered 202 and then dead-lettered. Said at the start instead, as a record's schema that
     * declares the property with another type.
     */
    @Test
    void unCampoQueNoSePuedeLlevarImpideArrancar() throws Exception {
        conMedioDePago();
        for (String tipo : new String[] {"{\"type\":\"array\",\"items\":{\"type\":\"string\"}}",
            "{\"type\":\"object\"}", "{}"}) {
            for (String archivo : new String[] {"solicitud-venta.json", "venta.json"}) {
                ObjectNode e = (ObjectNode) JSON.readTree(carpeta.resolve(archivo).toFile());
                ((ObjectNode) e.get("properties")).set("medioDePago", JSON.readTree(tipo));
                JSON.writeValue(carpeta.resolve(archivo).toFile(), e);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> validador(carpeta), tipo);
            assertTrue(e.getMessage().contains("medioDePago"), e.getMessage());
        }
        conMedioDePago();
        ObjectNode venta = (ObjectNode) JSON.readTree(carpeta.resolve("venta.json").toFile());
        ((ObjectNode) venta.get("properties")).set("medioDePago", JSON.readTree("{\"type\":\"integer\"}"));
        JSON.writeValue(carpeta.resolve("venta.json").toFile(), venta);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> validador(carpeta));
        assertTrue(e.getMessage().contains("medioDePago"), e.getMessage());
    }

    @Test
    void unCampoQueElRegistroNoAdmiteImpideArrancar() throws Exception {
        conMedioDePago();
        ObjectNode venta = (ObjectNode) JSON.readTree(carpeta.resolve("venta.json").toFile());
        ((ObjectNode) venta.get("properties")).remove("medioDePago");
        JSON.writeValue(carpeta.resolve("venta.json").toFile(), venta);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> validador(carpeta));
        assertTrue(e.getMessage().contains("medioDePago"), e.getMessage());
    }

    /**
     * The schemas are compiled with their definitions in place ({@link Esquemas#enLinea}): each
     * judges every document as the schema as written does, a keyword beside a {@code $ref} included.
     */
    @Test
    void enLineaJuzgaComoLoEscrito() throws Exception {
        tools.jackson.databind.json.JsonMapper j3 = tools.jackson.databind.json.JsonMapper.builder().build();
        Map<String, tools.jackson.databind.JsonNode> arboles = new java.util.TreeMap<>();
        try (Stream<Path> archivos = Files.list(Esquemas.CARPETA)) {
            for (Path a : archivos.toList()) {
                arboles.put(a.getFileName().toString(), j3.readTree(Files.readString(a)));
            }
        }
        // beside the definition's 1..1000: a tighter and a looser maximum; both bounds apply
        arboles.put("prueba.json", j3.readTree("{\"type\":\"object\",\"properties\":{"
                + "\"cantidad\":{\"$ref\":\"comun.json#/$defs/cantidad\",\"maximum\":7,\"description\":\"x\"},"
                + "\"stock\":{\"$ref\":\"comun.json#/$defs/cantidad\",\"maximum\":5000}}}"));
        com.networknt.schema.SchemaRegistry escrito = registro(a -> arboles.get(a).toString());
        com.networknt.schema.SchemaRegistry enLinea = registro(a -> Esquemas.enLinea(a, arboles.get(a), arboles, 0).toString());
        String[] documentos = {
            "{\"id\":\"v-1\",\"carrito\":\"AB-1\",\"cantidad\":3,\"hora\":\"2026-12-04T10:15:00-03:00\",\"stock\":5,"
                + "\"latitud\":-33.4,\"longitud\":-70.6,\"cliente\":\"Ana\",\"huella\":\"0123456789abcdef0123456789abcdef\"}",
            "{\"id\":\"v 1\",\"carrito\":\"AB_1\",\"cantidad\":0,\"hora\":\"ayer\",\"stock\":-1,"
                + "\"latitud\":-91,\"longitud\":181,\"cliente\":\"\",\"huella\":\"X\",\"otro\":1}",
            "{\"carrito\":\"AB-1\",\"cantidad\":8,\"stock\":1001}", "{\"cantidad\":7,\"stock\":1000}",
            "{\"rut\":\"12345678-5\",\"nombre\":\"Ana\",\"apellido\":\"Soto\",\"email\":\"a@b.cl\",\"patente\":\"BBBB12\"}",
            "{\"carrito\":\"AB-1\",\"latitud\":\"-33\",\"longitud\":null,\"segundos\":1.5}", "[]", "{}"};
        for (String archivo : arboles.keySet()) {
            if (archivo.equals("comun.json")) {
                continue;
            }
            String enLineaTexto = Esquemas.enLinea(archivo, arboles.get(archivo), arboles, 0).toString();
            assertTrue(!enLineaTexto.contains("$ref"), archivo + " still refers: " + enLineaTexto);
            var a = escrito.getSchema(com.networknt.schema.SchemaLocation.of("https://x/" + archivo));
            var b = enLinea.getSchema(com.networknt.schema.SchemaLocation.of("https://x/" + archivo));
            for (String d : documentos) {
                var documento = j3.readTree(d);
                assertEquals(a.validate(documento).stream().map(e -> e.getInstanceLocation() + " " + e.getKeyword()).sorted().toList(),
                        b.validate(documento).stream().map(e -> e.getInstanceLocation() + " " + e.getKeyword()).sorted().toList(),
                        archivo + " on " + d);
            }
        }
        var prueba = enLinea.getSchema(com.networknt.schema.SchemaLocation.of("https://x/prueba.json"));
        assertEquals(2, prueba.validate(j3.readTree("{\"cantidad\":8,\"stock\":1001}")).size(), "7 and 1000 both bound");
    }

    /**
     * A keyword beside a {@code $ref} that reads its neighbours (additionalProperties reads
     * properties, then reads if, items reads prefixItems) sees only its own schema object, not the
     * definition's: in line it must not start to read the definition's. And a {@code %25} in a
     * {@code $ref} is a percent-encoded {@code %}, not the three characters.
     */
    @Test
    void enLineaNoJuntaConLaDefinicionLoQueLeeASusVecinos() {
        tools.jackson.databind.json.JsonMapper j3 = tools.jackson.databind.json.JsonMapper.builder().build();
        Map<String, tools.jackson.databind.JsonNode> arboles = Map.of("prueba.json", j3.readTree("""
                {"$defs": {"dir": {"type": "object", "properties": {"calle": {"type": "string"}}},
                           "cerrado": {"type": "object", "additionalProperties": false},
                           "si": {"if": {"type": "string"}},
                           "par": {"prefixItems": [{"type": "string"}]},
                           "50%": {"type": "string"}, "50%25": {"type": "integer"}},
                 "type": "object",
                 "properties": {"a": {"$ref": "#/$defs/dir", "additionalProperties": false},
                                "b": {"$ref": "#/$defs/cerrado", "properties": {"calle": {"type": "string"}}},
                                "c": {"$ref": "#/$defs/si", "then": {"maxLength": 1}},
                                "d": {"$ref": "#/$defs/par", "items": false},
                                "e": {"$ref": "#/$defs/50%25"}}}"""));
        com.networknt.schema.SchemaRegistry escrito = registro(a -> arboles.get(a).toString());
        com.networknt.schema.SchemaRegistry enLinea = registro(a -> Esquemas.enLinea(a, arboles.get(a), arboles, 0).toString());
        var a = escrito.getSchema(com.networknt.schema.SchemaLocation.of("https://x/prueba.json"));
        var b = enLinea.getSchema(com.networknt.schema.SchemaLocation.of("https://x/prueba.json"));
        for (String d : new String[] {"{\"a\":{\"calle\":\"x\"}}", "{\"b\":{\"calle\":\"x\"}}",
                "{\"c\":\"xyz\"}", "{\"d\":[\"x\"]}", "{\"e\":\"x\"}", "{\"e\":1}"}) {
            var documento = j3.readTree(d);
            assertEquals(a.validate(documento).stream().map(e -> e.getInstanceLocation() + " " + e.getKeyword()).sorted().toList(),
                    b.validate(documento).stream().map(e -> e.getInstanceLocation() + " " + e.getKeyword()).sorted().toList(), d);
        }
    }

    /** A registry reading https://x/<file> as {@code texto} gives it. */
    private static com.networknt.schema.SchemaRegistry registro(java.util.function.Function<String, String> texto) {
        return com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(iri -> iri.startsWith("https://x/") ? texto.apply(iri.substring(10)) : null));
    }
}
