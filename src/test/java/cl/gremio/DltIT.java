package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A record a consumer cannot take goes to <topic>.DLT with the reason, and consumption goes on. */
class DltIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    @ParameterizedTest(name = "{0}/{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NuevaVenta   | 0 | esto no es JSON                                 | JSON
            NuevaVenta   | 1 | {"id":"x","carrito":"AB-1","cantidad":1}        | cliente
            Ubicacion    | 0 | {"carrito":"AB-1","latitud":1,"longitud":2}     | segundos
            Ubicacion    | 1 | [1,2]                                           | objeto
            Stock        | 0 | {"carrito":"AB-1","stock":"mucho","id":"s","hora":"2026-01-01T00:00:00Z"} | stock
            Stock        | 1 | {"carrito":"AB 1","stock":3,"id":"s","hora":"2026-01-01T00:00:00Z"} | carrito
            NuevoMiembro | 0 | {"rut":"12345678-4","nombre":"a","apellido":"b","email":"a@b.cl","patente":"AB1234"} | rut
            NuevoMiembro | 1 | {}                                              | falta
            """)
    void registroInvalidoVaAlDltYElConsumoSigue(String topico, int particion, String valor, String motivo)
            throws Exception {
        String clave = "veneno-" + UUID.randomUUID().toString().substring(0, 8);
        Registros.producir(app.brokers(), topico, particion, clave, valor.getBytes(StandardCharsets.UTF_8));
        Registros.esperarConsumo(app.brokers());

        List<ConsumerRecord<String, String>> dlt = Registros.de(app.brokers(), topico + ".DLT", particionDe(clave),
                r -> clave.equals(r.key()));
        assertEquals(1, dlt.size(), "the record is in " + topico + ".DLT once");
        assertEquals(valor, dlt.get(0).value(), "as it was read");
        String razon = new String(dlt.get(0).headers().lastHeader("dlt.motivo").value(), StandardCharsets.UTF_8);
        assertTrue(razon.contains(motivo), razon);
        String origen = new String(dlt.get(0).headers().lastHeader("dlt.origen").value(), StandardCharsets.UTF_8);
        assertTrue(origen.startsWith(topico + "/" + particion + "@"), origen);

        // the next good record of the same flow is processed: consumption went on
        String carrito = "D-" + UUID.randomUUID().toString().substring(0, 6);
        assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"" + carrito + "\",\"cliente\":\"x\","
                + "\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}").statusCode());
        Registros.esperarConsumo(app.brokers());
    }

    /** Bytes that are not UTF-8, from another producer: named so, and the DLT holds the very bytes read. */
    @ParameterizedTest(name = "{0}/{1}: {2}")
    @CsvSource({"NuevaVenta, 0, FFFE", "Ubicacion, 1, C0AD", "Stock, 0, EDA0BDEDB880", "NuevoMiembro, 1, FFFE",
        "NuevaVenta, 1, C0AD"})
    void bytesQueNoSonUtf8VanAlDltTalCual(String topico, int particion, String enMedio) throws Exception {
        String clave = "bytes-" + UUID.randomUUID().toString().substring(0, 8);
        // FF FE: never UTF-8; C0 AD: an overlong hyphen, which a lenient decoder turns into "AB-12";
        // ED A0 BD ED B8 80: an emoji as two encoded surrogates (CESU-8)
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes("{\"carrito\":\"AB".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(java.util.HexFormat.of().parseHex(enMedio));
        b.writeBytes("12\"}".getBytes(StandardCharsets.UTF_8));
        byte[] valor = b.toByteArray();
        Registros.producir(app.brokers(), topico, particion, clave, valor);
        Registros.esperarConsumo(app.brokers());

        TopicPartition tp = new TopicPartition(topico + ".DLT", particionDe(clave));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.brokers());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long fin = c.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, byte[]>> dlt = new java.util.ArrayList<>();
            while (c.position(tp) < fin) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (clave.equals(r.key())) {
                        dlt.add(r);
                    }
                });
            }
            assertEquals(1, dlt.size(), "the record is in " + tp + " once");
            assertArrayEquals(valor, dlt.get(0).value(), "the very bytes read");
            String razon = new String(dlt.get(0).headers().lastHeader("dlt.motivo").value(), StandardCharsets.UTF_8);
            assertTrue(razon.contains("UTF-8"), razon);
        }
    }

    /** The broker's default limit of a record batch (message.max.bytes). */
    static final int LIMITE_DEL_BROKER = 1_048_588;

    /**
     * A record that breaks the contract and carries a ~1 MB header fits the broker, but its DLT copy
     * (the same bytes plus dlt.motivo and dlt.origen) does not fit the producer's max.request.size:
     * before, every send failed and the partition never moved on. Now the copy is cut down, the
     * partition moves on, and what comes after it is stored.
     */
    @ParameterizedTest(name = "{0}/{1}, header {2}")
    // dlt.relleno: a record's own dlt.* header is the record's, cut like any other (taken for ours, it stopped the partition)
    @CsvSource({"NuevaVenta, 0, relleno", "NuevoMiembro, 1, relleno", "Ubicacion, 0, relleno", "Stock, 1, dlt.relleno"})
    void unRegistroCuyaCopiaNoCabeVaRecortadoAlDltYLaParticionSigue(String topico, int particion, String nombre)
            throws Exception {
        String clave = "grande-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] valor = "esto no es JSON".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> grande = Registros.ajeno(new ProducerRecord<>(topico, particion, clave, valor));
        grande.headers().add(nombre, new byte[relleno(nombre, clave, valor, grande.headers().toArray(), LIMITE_DEL_BROKER - 4)]);
        producirGrande(grande);
        // what comes after it on the same partition: a sale (its stock asks for replenishment) and a premium application
        String carrito = "GR-" + UUID.randomUUID().toString().substring(0, 6);
        String id = "gr-" + UUID.randomUUID();
        assertEquals(202, app.postJson("/api/ventas", "{\"id\":\"" + id + "\",\"carrito\":\"" + carrito
                + "\",\"cliente\":\"x\",\"cantidad\":1,\"stock\":5,\"latitud\":1,\"longitud\":1}").statusCode());
        String rut = MiembrosIT.rutNuevo();
        assertEquals(202, app.postForm("/api/miembros", MiembrosIT.solicitud(rut, "Grande", true)).statusCode());

        Registros.esperarConsumo(app.brokers()); // every partition of every flow moved on to its end
        assertEquals(1, EntradaArbitrariaIT.filas(app, "venta", "id", id), "the sale after it is stored");
        assertEquals(1, EntradaArbitrariaIT.filas(app, "posicion", "carrito", carrito), "and its position");
        assertEquals(1, EntradaArbitrariaIT.filas(app, "solicitud_reposicion", "carrito", carrito), "and its request");
        assertEquals(1, EntradaArbitrariaIT.filas(app, "miembro", "rut", rut), "and the application");

        List<ConsumerRecord<String, String>> dlt = Registros.de(app.brokers(), topico + ".DLT", particionDe(clave),
                r -> clave.equals(r.key()));
        assertEquals(1, dlt.size(), "the record is in " + topico + ".DLT once");
        ConsumerRecord<String, String> copia = dlt.get(0);
        assertEquals("true", cabecera(copia, "dlt.recortado"));
        assertTrue(cabecera(copia, "dlt.origen").startsWith(topico + "/" + particion + "@"), cabecera(copia, "dlt.origen"));
        assertTrue(cabecera(copia, "dlt.motivo").contains("JSON"), cabecera(copia, "dlt.motivo"));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(valor)), cabecera(copia, "dlt.valor-sha256"));
        assertEquals("esto no es JSON", copia.value(), "a small value is kept whole");
        assertEquals(null, copia.headers().lastHeader(nombre), "the huge header is left out");
        assertEquals("1", cabecera(copia, "dlt.cabeceras-quitadas"));
        assertTrue(Integer.parseInt(cabecera(copia, "dlt.tamano-original")) > 1_048_576, cabecera(copia, "dlt.tamano-original"));
    }

    static String cabecera(ConsumerRecord<?, ?> r, String nombre) {
        var h = r.headers().lastHeader(nombre);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Bytes of a header value that make a batch of this one record exactly {@code total} bytes on the broker. */
    static int relleno(String nombre, String clave, byte[] valor, Header[] otras, int total) {
        int n = total;
        for (int i = 0; i < 5; i++) {
            Header[] todas = java.util.Arrays.copyOf(otras, otras.length + 1);
            todas[otras.length] = new RecordHeader(nombre, new byte[n]);
            int tamano = DefaultRecordBatch.RECORD_BATCH_OVERHEAD + DefaultRecord.sizeInBytes(0, 0L,
                    clave.getBytes(StandardCharsets.UTF_8).length, valor.length, todas);
            n += total - tamano;
        }
        return n;
    }

    /** Produces a record larger than a default producer allows (up to the broker's limit). */
    static void producirGrande(ProducerRecord<String, byte[]> registro) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", app.brokers(), "acks", "all",
                "max.request.size", 2_000_000), new StringSerializer(), new ByteArraySerializer())) {
            p.send(registro).get(30, TimeUnit.SECONDS);
        }
    }

    /** The DLT record keeps the key, so it lands where the default partitioner puts that key. */
    static int particionDe(String clave) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(clave.getBytes(StandardCharsets.UTF_8))) % 2;
    }
}
