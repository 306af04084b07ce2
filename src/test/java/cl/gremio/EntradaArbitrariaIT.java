package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Generated input against every write endpoint, on H2 and on PostgreSQL at once (each input goes
 * to both): text from the whole Unicode range (lone surrogates included), numbers of every size
 * and type, times from year -999999999 to +999999999 and around the accepted window, missing and
 * repeated fields, JSON and form. For each input both stores give the same verdict: a 4xx naming
 * the field, or 202 and then the record stored. Never a 5xx. Records written straight to the four
 * topics by another producer never stop a partition: afterwards a normal sale is stored within
 * seconds, and what each request produced adds up to exactly what was accepted.
 */
class EntradaArbitrariaIT {

    static final JsonNodeFactory N = JsonNodeFactory.instance;
    static final List<String> TOPICOS = List.of("NuevaVenta", "Ubicacion", "Stock", "NuevoMiembro");

    static Postgres pg;
    static List<AppEnMarcha> apps;
    /** Per app, what its store must hold afterwards: table, then key columns and values. */
    static final List<List<String[]>> ACEPTADAS = List.of(new ArrayList<>(), new ArrayList<>());
    /** Per app, the records our topics must have grown by: four per sale, one per application or report... */
    static final long[] ESPERADOS = new long[2];
    /** ...plus one per record written by the other producer. */
    static int ajenos;
    static final List<Map<TopicPartition, Long>> ANTES = new ArrayList<>();
    static final List<KafkaProducer<byte[], byte[]>> PRODUCTORES = new ArrayList<>();

    @BeforeContainer
    static void iniciar() throws Exception {
        pg = Postgres.nueva();
        apps = List.of(AppEnMarcha.compartida(), AppEnMarcha.nueva(pg.ajustes()));
        for (AppEnMarcha app : apps) {
            ANTES.add(Registros.finales(app.brokers(), TOPICOS));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.brokers());
            // records up to the broker's limit, which a producer's default max.request.size (1 MiB) refuses
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
            PRODUCTORES.add(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
        }
    }

    static long suma(Map<TopicPartition, Long> finales) {
        return finales.values().stream().mapToLong(Long::longValue).sum();
    }

    @AfterContainer
    static void verificar() throws Exception {
        try {
            PRODUCTORES.forEach(KafkaProducer::close);
            for (int i = 0; i < apps.size(); i++) {
                AppEnMarcha app = apps.get(i);
                assertEquals(ESPERADOS[i] + ajenos, suma(Registros.finales(app.brokers(), TOPICOS)) - suma(ANTES.get(i)),
                        "records produced: exactly those of the accepted requests (and the other producer's)");
                // a normal sale after everything else: no partition was stopped
                String carrito = "FIN-" + UUID.randomUUID().toString().substring(0, 6);
                assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"" + carrito + "\",\"cliente\":\"ana\","
                        + "\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}").statusCode());
                Registros.esperarConsumo(app.brokers());
                assertEquals(1, filas(app, "venta", "carrito", carrito), "a normal sale is stored afterwards");
                for (String[] a : ACEPTADAS.get(i)) {
                    assertTrue(filas(app, a) >= 1, "accepted, so stored: " + String.join(" ", a));
                }
            }
        } finally {
            apps.get(1).close();
            pg.close();
        }
    }

    /** Rows of {@code tabla, columna, valor[, columna, valor]}. */
    static long filas(AppEnMarcha app, String... donde) throws Exception {
        DataSource ds = app.main().getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM " + donde[0] + " WHERE 1 = 1");
        for (int i = 1; i < donde.length; i += 2) {
            sql.append(" AND ").append(donde[i]).append(" = ?");
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 2; i < donde.length; i += 2) {
                ps.setString(i / 2, donde[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ---- generators ----

    /** Anything a field could be sent as. */
    static Arbitrary<JsonNode> cualquiera() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(90).map(N::textNode)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30).map(N::textNode)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(N::numberNode)),
                net.jqwik.api.Tuple.of(2, Arbitraries.doubles().map(N::numberNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(),
                        BigInteger.TEN.pow(30)).map(N::numberNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(N.nullNode(), N.booleanNode(true), N.objectNode(),
                        N.arrayNode().add(1), N.textNode("NaN"), N.textNode("-Infinity"), N.textNode("1e999"))),
                net.jqwik.api.Tuple.of(2, hora()));
    }

    /** Times: every year Java can read, and seconds around the edges of the accepted window. */
    static Arbitrary<JsonNode> hora() {
        Arbitrary<String> extremas = Arbitraries.longs().between(-999_999_999L, 999_999_999L)
                .map(y -> (y > 9999 ? "+" : "") + String.format("%04d", y) + "-06-15T12:00:00Z");
        Arbitrary<String> cercanas = Arbitraries.longs().between(-8 * 86_400L, 86_400L)
                .map(s -> OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(s).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        Arbitrary<String> delDia = Arbitraries.integers().between(0, 30).map(h -> h + ":" + String.format("%02d", h * 2));
        return Arbitraries.oneOf(extremas, cercanas, cercanas, delDia).map(N::textNode);
    }

    static Arbitrary<JsonNode> o(Arbitrary<JsonNode> valido) {
        // mostly valid, so that a good share of inputs are accepted and then looked for in the store
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, valido), net.jqwik.api.Tuple.of(1, cualquiera()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    }

    /** UTF-16 units of any value (lone surrogates too), or code points from the whole range (emoji, İ, ...). */
    static Arbitrary<JsonNode> texto(int min, int max) {
        Arbitrary<String> unidades = Arbitraries.strings().all().ofMinLength(min).ofMaxLength(max);
        Arbitrary<String> puntos = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE).list().ofMinSize(min).ofMaxSize(max)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
        return Arbitraries.oneOf(unidades, puntos, puntos).map(N::textNode);
    }

    static Arbitrary<JsonNode> carrito() {
        return Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('-').ofMinLength(1).ofMaxLength(16)
                .map(N::textNode);
    }

    static Arbitrary<JsonNode> entre(double min, double max) {
        return Arbitraries.doubles().between(min, max).map(N::numberNode);
    }

    static Arbitrary<JsonNode> id() {
        return Arbitraries.strings().alpha().numeric().withChars("._:-").ofMinLength(1).ofMaxLength(64).map(N::textNode);
    }

    /** A valid RUT with its check digit, in one of the accepted spellings. */
    static Arbitrary<JsonNode> rut() {
        return Arbitraries.integers().between(1, 99_999_999).map(n -> {
            String cuerpo = String.valueOf(n);
            return N.textNode(cuerpo + "-" + cl.gremio.entrada.Campos.digitoVerificador(cuerpo));
        });
    }

    static Arbitrary<ObjectNode> objeto(Map<String, Arbitrary<JsonNode>> campos) {
        List<String> nombres = new ArrayList<>(campos.keySet());
        List<Arbitrary<JsonNode>> valores = nombres.stream().map(campos::get).toList();
        return Combinators.combine(valores).as(lista -> {
            ObjectNode o = N.objectNode();
            for (int i = 0; i < nombres.size(); i++) {
                if (lista.get(i) != null) {
                    o.set(nombres.get(i), lista.get(i));
                }
            }
            return o;
        });
    }

    @Provide
    Arbitrary<ObjectNode> ventas() {
        return objeto(Map.of("carrito", o(carrito()), "cliente", o(texto(1, 90)),
                "cantidad", o(Arbitraries.integers().between(1, 1000).map(N::numberNode)),
                "stock", o(Arbitraries.integers().between(0, Integer.MAX_VALUE).map(N::numberNode)),
                "latitud", o(entre(-90, 90)), "longitud", o(entre(-180, 180)), "hora", o(hora()), "id", o(id())));
    }

    @Provide
    Arbitrary<ObjectNode> miembros() {
        return objeto(Map.of("nombre", o(texto(1, 90)), "apellido", o(texto(1, 90)), "rut", o(rut()),
                "email", o(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(s -> N.textNode(s + "@x.cl"))),
                "patente", o(Arbitraries.of("BBBB12", "ab1234", "XY9876").map(N::textNode)),
                "premium", o(Arbitraries.of("si", "no", "true", "0").map(N::textNode))));
    }

    @Provide
    Arbitrary<ObjectNode> avisos() {
        return objeto(Map.of("latitud", o(entre(-90, 90)), "longitud", o(entre(-180, 180)), "carrito", o(carrito()),
                "hora", o(hora()), "id", o(id())));
    }

    // ---- properties ----

    /**
     * The cases that stopped the ledger before (issue: 41 emoji pass a code-point count, fail H2's
     * VARCHAR(80)); random generation reaches them rarely, so they are also asked for by name.
     */
    @Example
    void textosQueElAlmacenNoCabe() throws Exception {
        String emoji = "\uD83E\uDD5F".repeat(41);
        String i = "\u0130".repeat(41);
        for (String[] caso : List.of(new String[] {"/api/ventas", "cliente", emoji}, new String[] {"/api/ventas", "cliente", i},
                new String[] {"/api/miembros", "nombre", emoji}, new String[] {"/api/miembros", "apellido", emoji},
                new String[] {"/api/ventas", "hora", "2099-01-01T00:00:00Z"})) {
            ObjectNode cuerpo = caso[0].equals("/api/ventas")
                    ? (ObjectNode) Registros.json("{\"carrito\":\"EJ-1\",\"cliente\":\"ana\",\"cantidad\":1,"
                            + "\"stock\":5,\"latitud\":1,\"longitud\":1}")
                    : (ObjectNode) Registros.json("{\"nombre\":\"a\",\"apellido\":\"b\",\"rut\":\"12345678-5\","
                            + "\"email\":\"a@x.cl\",\"patente\":\"AB1234\"}");
            cuerpo.put(caso[1], caso[2]);
            for (AppEnMarcha app : apps) {
                HttpResponse<String> r = app.postJson(caso[0], cuerpo.toString());
                assertEquals(400, r.statusCode(), caso[1] + " " + r.body());
                assertEquals(caso[1], Registros.json(r.body()).get("campo").asText());
            }
        }
    }

    @Property(tries = 120)
    void ventas(@ForAll("ventas") ObjectNode venta, @ForAll boolean formulario) throws Exception {
        // a client's id may be drawn twice (with another cart): both sales are stored, each once
        enviar("/api/ventas", venta, formulario, 4, r -> new String[] {"venta", "id", r.get("id").asText()},
                r -> new String[] {"venta_cliente", "id", r.get("id").asText()});
    }

    @Property(tries = 60)
    void miembros(@ForAll("miembros") ObjectNode miembro, @ForAll boolean formulario) throws Exception {
        enviar("/api/miembros", miembro, formulario, 1, r -> new String[] {"miembro", "rut", r.get("rut").asText()});
    }

    @Property(tries = 60)
    void avisos(@ForAll("avisos") ObjectNode aviso, @ForAll boolean formulario) throws Exception {
        enviar("/api/avisos", aviso, formulario, 1, r -> new String[] {"aviso", "id", r.get("id").asText()});
    }

    /** Whatever another producer writes to our topics: bytes, JSON of any shape, records with odd fields. */
    @Property(tries = 80)
    void registrosDeOtroProductor(@ForAll("registros") byte[] valor, @ForAll("topicos") String topico,
            @ForAll boolean particionUno) {
        for (KafkaProducer<byte[], byte[]> productor : PRODUCTORES) {
            productor.send(Registros.ajeno(new ProducerRecord<>(topico, particionUno ? 1 : 0,
                    ("otro-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), valor)));
        }
        ajenos++;
    }

    @Provide
    Arbitrary<String> topicos() {
        return Arbitraries.of(TOPICOS);
    }

    @Provide
    Arbitrary<byte[]> registros() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> json = Arbitraries.oneOf(ventas(), miembros(), avisos(), objeto(Map.of("segundos", o(
                Arbitraries.longs().map(N::numberNode)), "carrito", o(carrito()), "latitud", o(entre(-90, 90)),
                "longitud", o(entre(-180, 180)), "stock", o(Arbitraries.integers().map(N::numberNode)),
                "hora", o(hora()), "id", o(id()), "cliente", o(texto(1, 90)))))
                .map(o -> o.toString().getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, json, json);
    }

    /** A record of any size up to the broker's limit: its value and its headers. */
    record Grande(byte[] valor, List<Header> cabeceras) {
        @Override
        public String toString() {
            return valor.length + " value bytes, " + cabeceras.size() + " header(s) of "
                    + cabeceras.stream().mapToInt(h -> h.value().length).sum() + " bytes";
        }
    }

    /**
     * Records near the broker's limit (1,048,588 bytes a batch) from another producer: values close
     * to it, one huge header, thousands of small ones, with a value that is valid or not. None may
     * stop a partition: a copy that would not fit the DLT is cut down (checked afterwards by the
     * sale stored after everything, and the topics' growth).
     */
    @Property(tries = 10)
    void registrosGrandesDeOtroProductor(@ForAll("grandes") Grande grande, @ForAll("topicos") String topico,
            @ForAll boolean particionUno) throws Exception {
        byte[] clave = ("otro-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r = Registros.ajeno(new ProducerRecord<>(topico, particionUno ? 1 : 0, clave,
                grande.valor()));
        grande.cabeceras().forEach(r.headers()::add);
        for (KafkaProducer<byte[], byte[]> productor : PRODUCTORES) {
            productor.send(r).get(30, TimeUnit.SECONDS);
        }
        ajenos++;
    }

    @Provide
    Arbitrary<Grande> grandes() {
        Arbitrary<byte[]> valor = Arbitraries.oneOf(registros(),
                Arbitraries.integers().between(900_000, DltIT.LIMITE_DEL_BROKER).map(n -> {
                    byte[] b = new byte[n];
                    java.util.Arrays.fill(b, (byte) 'x');
                    return b;
                }));
        Arbitrary<List<Header>> cabeceras = Arbitraries.oneOf(Arbitraries.just(List.of()),
                Arbitraries.integers().between(100_000, DltIT.LIMITE_DEL_BROKER)
                        .map(n -> List.of(new RecordHeader("enorme", new byte[n]))),
                Arbitraries.integers().between(1_000, 20_000).map(n -> {
                    List<Header> muchas = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        muchas.add(new RecordHeader("c" + i, ("valor-" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    return muchas;
                }));
        return Combinators.combine(valor, cabeceras).as(EntradaArbitrariaIT::queQuepa);
    }

    /** Cuts the value, then the headers, until a batch of the record fits the broker (a few bytes of margin). */
    static Grande queQuepa(byte[] valor, List<Header> cabeceras) {
        List<Header> quedan = new ArrayList<>(cabeceras);
        quedan.add(new RecordHeader(Contrato.AJENO, new byte[0]));
        int clave = ("otro-" + UUID.randomUUID()).length();
        while (true) {
            int sobra = org.apache.kafka.common.record.DefaultRecordBatch.RECORD_BATCH_OVERHEAD
                    + org.apache.kafka.common.record.DefaultRecord.sizeInBytes(0, 0L, clave, valor.length,
                            quedan.toArray(Header[]::new)) - (DltIT.LIMITE_DEL_BROKER - 16);
            if (sobra <= 0) {
                quedan.remove(quedan.size() - 1);
                return new Grande(valor, quedan);
            }
            if (valor.length > sobra) {
                valor = java.util.Arrays.copyOf(valor, valor.length - sobra);
            } else {
                Header ultima = quedan.remove(quedan.size() - 2);
                if (ultima.value().length > sobra) {
                    quedan.add(quedan.size() - 1, new RecordHeader(ultima.key(),
                            java.util.Arrays.copyOf(ultima.value(), ultima.value().length - sobra)));
                }
            }
        }
    }

    interface Clave {
        String[] de(JsonNode respuesta);
    }

    /** Sends the same input to both stores' applications; both must give the same, clear verdict. */
    void enviar(String ruta, ObjectNode cuerpo, boolean formulario, int registros, Clave... claves) throws Exception {
        Integer veredicto = null;
        for (int i = 0; i < apps.size(); i++) {
            AppEnMarcha app = apps.get(i);
            HttpResponse<String> r = app.send(app.request(ruta).header("Content-Type",
                    formulario ? "application/x-www-form-urlencoded" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(formulario ? formulario(cuerpo) : cuerpo.toString())));
            int estado = r.statusCode();
            assertTrue(estado == 202 || (estado >= 400 && estado < 500), estado + " for " + cuerpo + ": " + r.body());
            JsonNode respuesta = Registros.json(r.body());
            if (estado == 202) {
                for (Clave clave : claves) {
                    ACEPTADAS.get(i).add(clave.de(respuesta));
                }
                ESPERADOS[i] += registros;
            } else {
                assertTrue(respuesta.hasNonNull("error") && !respuesta.get("error").asText().isBlank(), r.body());
                assertTrue(estado != 400 || respuesta.hasNonNull("campo"), "a 400 names the field: " + r.body());
            }
            if (veredicto != null) {
                assertEquals(veredicto, estado, "both stores judge " + cuerpo + " alike");
            }
            veredicto = estado;
        }
    }

    static String formulario(ObjectNode cuerpo) {
        StringBuilder sb = new StringBuilder();
        cuerpo.fields().forEachRemaining(e -> sb.append(sb.isEmpty() ? "" : "&").append(e.getKey()).append('=')
                .append(URLEncoder.encode(e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString(),
                        StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
