package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A record a consumer cannot take goes to <topic>.DLT with the reason, and consumption goes on. */
class DltTest {

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

    /** The DLT record keeps the key, so it lands where the default partitioner puts that key. */
    static int particionDe(String clave) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(clave.getBytes(StandardCharsets.UTF_8))) % 2;
    }
}
