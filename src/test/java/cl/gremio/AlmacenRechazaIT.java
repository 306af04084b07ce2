package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record the contract accepts but the store refuses for what it holds (here: a CHECK the test
 * adds, the stand-in for any value a store cannot hold) must not stop its partition: it goes to
 * the DLT once, with the store's reason, and the rest of its poll is stored. On H2 and PostgreSQL.
 */
class AlmacenRechazaIT {

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void unRegistroQueElAlmacenRechazaNoDetieneLaParticion(String almacen) throws Exception {
        try (Postgres pg = almacen.equals("postgresql") ? Postgres.nueva() : null;
                AppEnMarcha app = AppEnMarcha.nueva(pg == null ? Map.of() : pg.ajustes())) {
            DataSource ds = app.main().getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE venta_cliente ADD CONSTRAINT sin_veneno CHECK (cliente <> 'veneno')");
            }
            String carrito = "V-" + UUID.randomUUID().toString().substring(0, 6);
            // one producer, one flush: the poison travels in the same batch (and poll) as good records
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.brokers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
            try (KafkaProducer<String, String> productor = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 9; i++) {
                    String cliente = i == 4 ? "veneno" : "cliente-" + i;
                    productor.send(Registros.ajeno(new ProducerRecord<>("NuevaVenta", 1, carrito, """
                            {"id":"r-%d","carrito":"%s","cliente":"%s","cantidad":1}""".formatted(i, carrito, cliente))));
                }
                productor.flush();
            }
            Registros.esperarConsumo(app.brokers());

            assertEquals(8, filas(ds, "SELECT COUNT(*) FROM venta_cliente WHERE carrito = ?", carrito),
                    "the rest of the poll is stored");
            List<ConsumerRecord<String, String>> dlt = Registros.de(app.brokers(), "NuevaVenta.DLT",
                    DltIT.particionDe(carrito), r -> carrito.equals(r.key()));
            assertEquals(1, dlt.size(), "one DLT copy of the refused record");
            assertTrue(dlt.get(0).value().contains("\"veneno\""), dlt.get(0).value());
            String motivo = new String(dlt.get(0).headers().lastHeader("dlt.motivo").value(), StandardCharsets.UTF_8);
            assertTrue(motivo.contains("SQLState 23"), motivo);

            // the partition goes on: a normal sale is stored within seconds
            String otro = "V-" + UUID.randomUUID().toString().substring(0, 6);
            assertEquals(202, app.postJson("/api/ventas", "{\"carrito\":\"" + otro + "\",\"cliente\":\"ana\","
                    + "\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}").statusCode());
            long hasta = System.currentTimeMillis() + 10_000;
            while (filas(ds, "SELECT COUNT(*) FROM venta_cliente WHERE carrito = ?", otro) == 0
                    && System.currentTimeMillis() < hasta) {
                Thread.sleep(100);
            }
            assertEquals(1, filas(ds, "SELECT COUNT(*) FROM venta_cliente WHERE carrito = ?", otro));
        }
    }

    static long filas(DataSource ds, String sql, String valor) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, valor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
