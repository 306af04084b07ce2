package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-topics.sh creates what is missing in either layout (two partitions each in the seed's, a
 * topic per content with N in the partitioned one), prints it, can run twice, and refuses a topic
 * with fewer partitions than the layout needs.
 */
class KafkaTopicsScriptIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    static String correr(String topicos) throws Exception {
        return correr(Map.of("GREMIO_TOPICOS", topicos), 0);
    }

    /** Runs the script with these environment variables; its output, once it exited with {@code codigo}. */
    static String correr(Map<String, String> entorno, int codigo, String... opciones) throws Exception {
        List<String> comando = new ArrayList<>(List.of("bash", "kafka-topics.sh", "--bootstrap-server", app.brokers()));
        comando.addAll(List.of(opciones));
        ProcessBuilder pb = new ProcessBuilder(comando).redirectErrorStream(true);
        // Kafka's TopicCommand from the test classpath: no Kafka install, no packaged jar needed
        pb.environment().put("GREMIO_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().putAll(entorno);
        pb.environment().put("PATH", "/usr/bin:/bin"); // no Kafka distribution on PATH
        Process p = pb.start();
        String salida = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(codigo, p.exitValue(), salida);
        return salida;
    }

    static Map<String, Integer> particiones(Collection<String> topicos) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
            Map<String, Integer> n = new TreeMap<>();
            admin.describeTopics(topicos).allTopicNames().get(10, TimeUnit.SECONDS)
                    .forEach((t, d) -> n.put(t, d.partitions().size()));
            return n;
        }
    }

    /** The application's topic names as environment variables, each with this test's prefix. */
    static Map<String, String> nombres(String prefijo) {
        Map<String, String> e = new HashMap<>();
        for (String t : List.of("MIEMBROS", "VENTAS", "UBICACION", "STOCK", "VENTA", "CLIENTE", "POSICION", "AVISO",
                "REPORTE", "REPOSICION")) {
            e.put("GREMIO_TOPICO_" + t, prefijo + "-" + t.toLowerCase());
        }
        return e;
    }

    @Test
    void creaLoQueFaltaConDosParticionesYEsIdempotente() throws Exception {
        String nuevo = "Prueba" + UUID.randomUUID().toString().substring(0, 6);
        String primera = correr("NuevaVenta " + nuevo);
        assertTrue(primera.contains("Topic: " + nuevo) && primera.contains("PartitionCount: 2"), primera);
        correr("NuevaVenta " + nuevo);
        assertEquals(Map.of(nuevo, 2), particiones(List.of(nuevo)));
    }

    /**
     * A count the application would refuse is refused before anything is created: one partition in
     * the seed's layout made topics every sale's client part failed to reach (503 for ever).
     */
    @Test
    void rechazaParticionesQueLaAplicacionRechazariaSinCrearNada() throws Exception {
        String prefijo = "C" + UUID.randomUUID().toString().substring(0, 6);
        for (var caso : Map.of("GREMIO_KAFKA_PARTICIONES", "1", "GREMIO_KAFKA_PARTICIONES_POR_CONTENIDO", "0 ").entrySet()) {
            Map<String, String> entorno = nombres(prefijo);
            entorno.put("GREMIO_KAFKA_DISPOSICION", "particionada");
            entorno.put(caso.getKey(), caso.getValue());
            String rechazo = correr(entorno, 2);
            assertTrue(rechazo.contains("is '" + caso.getValue() + "': it must be a whole number of partitions, at least"),
                    rechazo);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
            assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().noneMatch(t -> t.startsWith(prefijo)),
                    "nothing created");
        }
        assertTrue(correr(Map.of(), 0, "--help").strip().endsWith("replaces the list of topics (each with the layout's count)."),
                "--help shows the whole header, and no code");
    }

    @Test
    void semillaCreaLosCuatroTopicosYSusDltConDosParticiones() throws Exception {
        String prefijo = "S" + UUID.randomUUID().toString().substring(0, 6);
        correr(nombres(prefijo), 0);
        List<String> esperados = new ArrayList<>();
        for (String t : List.of("miembros", "ventas", "ubicacion", "stock")) {
            esperados.add(prefijo + "-" + t);
            esperados.add(prefijo + "-" + t + ".DLT");
        }
        Map<String, Integer> n = particiones(esperados);
        assertEquals(8, n.size(), n.toString());
        assertTrue(n.values().stream().allMatch(c -> c == 2), n.toString());
    }

    @Test
    void particionadaCreaUnTopicoPorContenidoYRechazaUnoConMenosParticiones() throws Exception {
        String prefijo = "P" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> entorno = nombres(prefijo);
        entorno.put("GREMIO_KAFKA_DISPOSICION", "particionada");
        entorno.put("GREMIO_KAFKA_PARTICIONES_POR_CONTENIDO", "4");
        // one content's topic made before, too small: nothing else is wrong
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
            admin.createTopics(List.of(new NewTopic(prefijo + "-reposicion", 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        String rechazo = correr(entorno, 3);
        assertTrue(rechazo.contains(prefijo + "-reposicion has 3 partitions, the particionada layout needs 4")
                && rechazo.contains("--alter"), rechazo);

        List<String> contenidos = new ArrayList<>();
        for (String t : List.of("venta", "cliente", "posicion", "aviso", "reporte")) {
            contenidos.add(prefijo + "-" + t);
            contenidos.add(prefijo + "-" + t + ".DLT");
        }
        Map<String, Integer> n = particiones(contenidos);
        assertEquals(10, n.size(), n.toString());
        assertTrue(n.values().stream().allMatch(c -> c == 4), n.toString());
        assertEquals(Map.of(prefijo + "-miembros", 2, prefijo + "-miembros.DLT", 2),
                particiones(List.of(prefijo + "-miembros", prefijo + "-miembros.DLT")), "members keep the seed's topic");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
            assertTrue(!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(prefijo + "-ventas"),
                    "no seed topic for sales in the partitioned layout");
            admin.createPartitions(Map.of(prefijo + "-reposicion", NewPartitions.increaseTo(4))).all()
                    .get(10, TimeUnit.SECONDS);
        }
        correr(entorno, 0); // as it says: with the partitions added, accepted
    }
}
