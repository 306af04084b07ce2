package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import cl.gremio.kafka.ConsumoVentas;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partitioned layout (docs/escala.md) with three instances on PostgreSQL: they split each
 * content's partitions, the same numbers of a sale's two topics to one instance; one is killed
 * with SIGKILL while sales are still being stored, and every 202 is stored once, the day's
 * statistics are exact, and every replenishment request is in exactly one batch of at most five.
 */
class EscalaIT {

    static final int VENTAS = 600;
    static final int PARTICIONES = 6;
    static final String DIA = Dias.hace(1).toString();

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida(); // its broker only: the instances below have topics and groups of their own
    }

    /** Topics and groups of one test, on the shared broker: names no other test uses. */
    static Map<String, String> disposicion(String disposicion, String prefijo) {
        Map<String, String> a = new HashMap<>();
        a.put("gremio.kafka.brokers", app.brokers());
        a.put("gremio.kafka.disposicion", disposicion);
        a.put("gremio.kafka.particiones-por-contenido", String.valueOf(PARTICIONES));
        for (String flujo : List.of("ventas", "ubicacion", "stock", "miembros")) {
            a.put("gremio.topico." + flujo, prefijo + "-" + flujo);
            a.put("gremio.grupo." + flujo, prefijo + "-grupo-" + flujo);
        }
        for (String contenido : List.of("venta", "cliente", "posicion", "aviso", "reporte", "reposicion")) {
            a.put("gremio.topico." + contenido, prefijo + "." + contenido);
        }
        a.put("gremio.admin.clave", "prueba");
        return a;
    }

    static int cantidad(int i) {
        return 1 + i % 7;
    }

    static int stock(int i) {
        return i % 40;
    }

    /** 60 carts, so that every partition holds some; 13 clients. */
    static String venta(int i) {
        return "{\"id\":\"e-" + i + "\",\"carrito\":\"E-" + (i % 60) + "\",\"cliente\":\"c" + (i % 13)
                + "\",\"cantidad\":" + cantidad(i) + ",\"stock\":" + stock(i) + ",\"latitud\":-33,\"longitud\":-70,"
                + "\"hora\":\"" + DIA + "T12:00:00\"}";
    }

    @Test
    void tresInstanciasSeRepartenLasParticionesYUnKillMenos9NoPierdeNiDuplica() throws Exception {
        String prefijo = "E" + UUID.randomUUID().toString().substring(0, 6);
        try (Postgres pg = Postgres.nueva()) {
            List<ProcesoGremio> instancias = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                ProcesoGremio p = new ProcesoGremio(Map.of("gremio.instancia", "escala" + n));
                p.ajustes.putAll(disposicion("particionada", prefijo));
                p.ajustes.putAll(pg.ajustes());
                // the last requests leave as a smaller batch soon, instead of after 10 minutes
                p.ajustes.put("gremio.reparto.espera-max", "2000");
                p.ajustes.put("gremio.reparto.revision-ms", "500");
                instancias.add(p);
            }
            ExecutorService arranque = Executors.newFixedThreadPool(3);
            List<Future<ProcesoGremio>> arrancadas = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                ProcesoGremio p = instancias.get(n);
                String log = "escala-" + (n + 1);
                arrancadas.add(arranque.submit(() -> p.arrancar(log)));
            }
            for (Future<ProcesoGremio> f : arrancadas) {
                f.get(3, TimeUnit.MINUTES);
            }
            arranque.shutdown();
            try {
                repartoParejo(prefijo);

                Set<Integer> confirmadas = ConcurrentHashMap.newKeySet();
                AtomicInteger siguiente = new AtomicInteger();
                ProcesoGremio victima = instancias.get(2);
                ExecutorService clientes = Executors.newFixedThreadPool(6);
                for (int t = 0; t < 6; t++) {
                    clientes.submit(() -> {
                        for (int i = siguiente.getAndIncrement(); i < VENTAS; i = siguiente.getAndIncrement()) {
                            for (int intento = 0; intento < 40 && !confirmadas.contains(i); intento++) {
                                ProcesoGremio destino = instancias.get((i + intento) % 3);
                                if (destino.vivo() && destino.vender(venta(i))) {
                                    confirmadas.add(i);
                                }
                            }
                            if (confirmadas.size() >= VENTAS / 2 && victima.vivo()) {
                                victima.matar(); // SIGKILL while its partitions still hold sales to store
                            }
                        }
                        return null;
                    });
                }
                clientes.shutdown();
                assertTrue(clientes.awaitTermination(3, TimeUnit.MINUTES));
                assertTrue(!victima.vivo(), "an instance was killed");
                assertEquals(VENTAS, confirmadas.size(), "every sale answered 202 in the end");

                ProcesoGremio viva = instancias.get(0);
                JsonNode totales = null;
                for (long hasta = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < hasta; Thread.sleep(500)) {
                    totales = json(viva.post("/api/estadisticas/" + DIA).body()).get("totales");
                    if (totales.get("ventas").asInt() >= VENTAS) {
                        break;
                    }
                }
                int sopaipillas = 0;
                int solicitudes = 0;
                for (int i = 0; i < VENTAS; i++) {
                    sopaipillas += cantidad(i);
                    solicitudes += stock(i) < 20 ? 1 : 0;
                }
                assertEquals(VENTAS, totales.get("ventas").asInt(), "no sale lost, none counted twice: " + totales);
                assertEquals(sopaipillas, totales.get("sopaipillas").asInt(), totales.toString());
                assertEquals(13, totales.get("clientes").asInt(), totales.toString());

                try (Connection c = DriverManager.getConnection(pg.ajustes().get("gremio.db.url"), "postgres", "");
                        Statement st = c.createStatement()) {
                    assertEquals(List.of((long) VENTAS, (long) VENTAS), fila(st,
                            "SELECT count(*), count(DISTINCT id) FROM venta"), "each 202 stored once");
                    assertEquals(List.of((long) VENTAS), fila(st,
                            "SELECT count(*) FROM venta_cliente"), "each client part stored once");
                    // every request stored (the stock flow's partitions of the killed instance are taken
                    // over after the session timeout) and in a batch (the last ones within espera-max)
                    List<Object> esperando = List.of();
                    List<Object> listas = List.of((long) solicitudes, 0L);
                    for (long hasta = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < hasta
                            && !esperando.equals(listas); Thread.sleep(300)) {
                        esperando = fila(st, "SELECT count(*), count(*) - count(reparto) FROM solicitud_reposicion");
                    }
                    assertEquals(listas, esperando, "every request stored, none left waiting");
                    assertEquals(List.of((long) solicitudes, (long) solicitudes), fila(st,
                            "SELECT count(*), count(DISTINCT id) FROM solicitud_reposicion"), "each request stored once");
                    List<Object> lotes = fila(st, "SELECT count(*), max(n), sum(n) FROM (SELECT reparto, count(*) AS n"
                            + " FROM solicitud_reposicion GROUP BY reparto) t");
                    assertTrue(((Number) lotes.get(1)).longValue() <= 5, "batches of at most 5: " + lotes);
                    assertEquals((long) solicitudes, ((Number) lotes.get(2)).longValue());
                    assertEquals(List.of(lotes.get(0)), fila(st, "SELECT count(*) FROM reparto"),
                            "every batch stored, none empty");
                    assertTrue(((Number) lotes.get(0)).longValue() >= solicitudes / 5, lotes.toString());
                }
            } finally {
                for (ProcesoGremio p : instancias) {
                    p.detener();
                }
            }
        }
    }

    /**
     * An instance refuses to start, with exit code 1 and a line saying why, against topics of the
     * other layout that still hold records its group has not stored, against a topic with fewer
     * partitions than configured, with more than the broker creates (saying the broker's reason), and
     * with a mistyped role.
     */
    @Test
    void rechazaLaOtraDisposicionConRegistrosPendientesYMenosParticiones() throws Exception {
        String semillaPendiente = "R" + UUID.randomUUID().toString().substring(0, 6);
        String particionadaPendiente = "R" + UUID.randomUUID().toString().substring(0, 6);
        String pocas = "R" + UUID.randomUUID().toString().substring(0, 6);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()));
                KafkaProducer<String, String> productor = new KafkaProducer<>(Map.of("bootstrap.servers", app.brokers(),
                        "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", StringSerializer.class.getName()))) {
            admin.createTopics(List.of(new NewTopic(semillaPendiente + "-ventas", 2, (short) 1),
                    new NewTopic(particionadaPendiente + ".venta", PARTICIONES, (short) 1),
                    new NewTopic(pocas + ".venta", 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
            productor.send(new ProducerRecord<>(semillaPendiente + "-ventas", 0, "E-1", venta(1))).get(10, TimeUnit.SECONDS);
            productor.send(new ProducerRecord<>(particionadaPendiente + ".venta", "E-1", venta(1))).get(10, TimeUnit.SECONDS);
        }
        Map<String, ProcesoGremio> casos = new TreeMap<>();
        casos.put("semilla pendiente", new ProcesoGremio(disposicion("particionada", semillaPendiente)));
        casos.put("particionada pendiente", new ProcesoGremio(disposicion("semilla", particionadaPendiente)));
        casos.put("pocas particiones", new ProcesoGremio(disposicion("particionada", pocas)));
        // more than the broker takes in one request: its reason, not "is the cluster up?"
        ProcesoGremio demasiadas = new ProcesoGremio(disposicion("particionada", "R" + UUID.randomUUID().toString().substring(0, 6)));
        demasiadas.ajustes.put("gremio.kafka.particiones-por-contenido", "100000");
        casos.put("demasiadas particiones", demasiadas);
        // a mistyped role: Camel's route filter used to fail first, naming a missing property
        ProcesoGremio rol = new ProcesoGremio(disposicion("semilla", pocas));
        rol.ajustes.put("gremio.rol", "Ingesta");
        casos.put("rol mal escrito", rol);
        Map<String, java.io.File> logs = new TreeMap<>();
        for (var caso : casos.entrySet()) {
            logs.put(caso.getKey(), caso.getValue().lanzar("escala-rechazo-" + caso.getKey().replace(' ', '-')));
        }
        for (var caso : casos.entrySet()) {
            assertEquals(1, caso.getValue().salida(), caso.getKey() + ": refused to start");
        }
        String uno = Files.readString(logs.get("semilla pendiente").toPath());
        assertTrue(uno.contains("gremio.kafka.disposicion is particionada but the cluster holds records of the semilla"
                + " layout not yet stored: " + semillaPendiente + "-ventas (1 records not stored by group "
                + semillaPendiente + "-grupo-ventas). Drain them first"), uno);
        String dos = Files.readString(logs.get("particionada pendiente").toPath());
        assertTrue(dos.contains("gremio.kafka.disposicion is semilla but the cluster holds records of the particionada"
                + " layout not yet stored: " + particionadaPendiente + ".venta (1 records"), dos);
        String tres = Files.readString(logs.get("pocas particiones").toPath());
        assertTrue(tres.contains("Layout particionada: topics with fewer partitions than configured: " + pocas
                + ".venta (2 of " + PARTICIONES + ")"), tres);
        String cuatro = Files.readString(logs.get("demasiadas particiones").toPath());
        assertTrue(cuatro.contains("Kafka at " + app.brokers() + " refused the particionada layout's topics: Excessively"
                + " large number of partitions per request"), cuatro);
        String cinco = Files.readString(logs.get("rol mal escrito").toPath());
        assertTrue(cinco.contains("gremio.rol is 'Ingesta': it must be completo, ingesta or consumo"), cinco);
    }

    /**
     * gremio.rol: an ingesta instance takes sales (202) and serves the cart's page but neither reads
     * nor consumes (the read API answers 404, no consumer thread); a consumo instance stores them
     * and answers the read API, including the statistics' POST, while its write endpoints answer 404.
     */
    @Test
    void ingestaRecibeYConsumoGuarda() throws Exception {
        String prefijo = "G" + UUID.randomUUID().toString().substring(0, 6);
        try (Postgres pg = Postgres.nueva()) {
            ProcesoGremio ingesta = new ProcesoGremio(Map.of("gremio.instancia", "ingesta", "gremio.rol", "ingesta"));
            ProcesoGremio consumo = new ProcesoGremio(Map.of("gremio.instancia", "consumo", "gremio.rol", "consumo"));
            for (ProcesoGremio p : List.of(ingesta, consumo)) {
                p.ajustes.putAll(disposicion("particionada", prefijo));
                p.ajustes.putAll(pg.ajustes());
            }
            java.io.File logIngesta = ingesta.lanzar("escala-ingesta");
            try {
                consumo.arrancar("escala-consumo");
                for (long hasta = System.currentTimeMillis() + 90_000; ingesta.vivo()
                        && !ingesta.vender(venta(1)) && System.currentTimeMillis() < hasta; Thread.sleep(300)) {
                    // until it is up: the sale answered 202
                }
                assertTrue(ingesta.vender(venta(2)), "ingesta takes sales");
                assertEquals(200, estado(ingesta, "GET", "/vender"), "and serves the cart's page");
                assertEquals(404, estado(ingesta, "GET", "/api/reposiciones"), "but not the read API");
                assertEquals(404, estado(ingesta, "POST", "/api/estadisticas/" + DIA));
                assertEquals(200, estado(ingesta, ingesta.gestion("/observe/health")), "health on ingesta");

                assertEquals(404, estado(consumo, "POST", "/api/ventas"), "consumo takes no sale");
                assertEquals(404, estado(consumo, "GET", "/vender"));
                JsonNode totales = null;
                for (long hasta = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < hasta; Thread.sleep(300)) {
                    totales = json(consumo.post("/api/estadisticas/" + DIA).body()).get("totales");
                    if (totales.get("ventas").asInt() == 2) {
                        break;
                    }
                }
                assertEquals(2, totales.get("ventas").asInt(), "consumo stored what ingesta took: " + totales);
                assertEquals(200, estado(consumo, consumo.gestion("/observe/health")), "health on consumo");
                String log = Files.readString(logIngesta.toPath());
                assertTrue(!log.contains("KafkaConsumer[") && !log.contains("Delivery batch"), "no consumer on ingesta");
            } finally {
                ingesta.detener();
                consumo.detener();
            }
        }
    }

    /**
     * The cut of final days after a switch: a reading kept by the other layout's revision names
     * other partitions, and is not taken as this layout's. Here the seed's revision kept its
     * reading (NuevaVenta/0 and /1 stored) while a sale already in the partitioned topics waited
     * (docs/escala.md, between steps 2 and 4); the partitioned revision used to read the kept
     * numbers 0 and 1 as its own partitions 0 and 1, find them reached and say every sale before
     * that reading was stored.
     */
    @Test
    void elCorteDeLaOtraDisposicionNoCuenta() throws Exception {
        String prefijo = "K" + UUID.randomUUID().toString().substring(0, 6);
        String grupo = prefijo + "-grupo-ventas";
        String semilla = prefijo + "-ventas";
        List<String> particionada = List.of(prefijo + ".venta", prefijo + ".cliente");
        ZoneId zona = ZoneId.of("America/Santiago");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()));
                KafkaProducer<String, String> productor = new KafkaProducer<>(Map.of("bootstrap.servers", app.brokers(),
                        "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", StringSerializer.class.getName()));
                AlmacenDePrueba almacen = AlmacenDePrueba.nuevo("h2", Files.createTempDirectory("corte"))) {
            admin.createTopics(List.of(new NewTopic(semilla, 2, (short) 1), new NewTopic(particionada.get(0), 4, (short) 1),
                    new NewTopic(particionada.get(1), 4, (short) 1))).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> hechos = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 3; i++) {
                    productor.send(new ProducerRecord<>(semilla, p, "E-1", venta(i))).get(10, TimeUnit.SECONDS);
                    productor.send(new ProducerRecord<>(particionada.get(0), p, "E-1", venta(i))).get(10, TimeUnit.SECONDS);
                }
                hechos.put(new TopicPartition(semilla, p), new OffsetAndMetadata(3));
                hechos.put(new TopicPartition(particionada.get(0), p), new OffsetAndMetadata(3));
            }
            // a sale in partition 2 of the new topics, not stored
            productor.send(new ProducerRecord<>(particionada.get(0), 2, "E-2", venta(9))).get(10, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets(grupo, hechos).all().get(10, TimeUnit.SECONDS);

            ConsumoVentas antes = new ConsumoVentas(app.brokers(), grupo, List.of(semilla),
                    almacen.ds, zona);
            antes.start();
            OffsetDateTime leido = antes.consumidoHasta();
            antes.stop();
            assertTrue(leido != null, "the seed's topics are stored: a reading kept");

            ConsumoVentas despues = new ConsumoVentas(app.brokers(), grupo, particionada,
                    almacen.ds, zona);
            despues.start();
            try {
                assertEquals(null, despues.consumidoHasta(), "a sale before " + leido + " is not stored");
                hechos.put(new TopicPartition(particionada.get(0), 2), new OffsetAndMetadata(1));
                admin.alterConsumerGroupOffsets(grupo, hechos).all().get(10, TimeUnit.SECONDS);
                assertTrue(despues.consumidoHasta().isAfter(leido), "once stored, the new topics' own reading");
            } finally {
                despues.stop();
            }
        }
    }

    private static int estado(ProcesoGremio p, String metodo, String ruta) throws Exception {
        return p.cliente.send(java.net.http.HttpRequest.newBuilder(p.uri(ruta)).header("Content-Type", "application/json")
                .method(metodo, java.net.http.HttpRequest.BodyPublishers.ofString(metodo.equals("POST") ? venta(3) : ""))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int estado(ProcesoGremio p, java.net.URI uri) throws Exception {
        return p.cliente.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<Object> fila(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<Object> valores = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                valores.add(rs.getObject(i));
            }
            return valores;
        }
    }

    /**
     * The sales group has the three instances, each with PARTICIONES / 3 partitions of each sales
     * topic, the same numbers of both; every topic has its DLT.
     */
    private static void repartoParejo(String prefijo) throws Exception {
        String venta = prefijo + ".venta";
        String cliente = prefijo + ".cliente";
        Map<String, Map<String, Set<Integer>>> porMiembro = Map.of();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", app.brokers()))) {
            for (long hasta = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < hasta; Thread.sleep(300)) {
                ConsumerGroupDescription grupo = admin.describeConsumerGroups(List.of(prefijo + "-grupo-ventas"))
                        .all().get(10, TimeUnit.SECONDS).get(prefijo + "-grupo-ventas");
                porMiembro = new TreeMap<>();
                for (MemberDescription m : grupo.members()) {
                    Map<String, Set<Integer>> suyas = new TreeMap<>();
                    for (TopicPartition tp : m.assignment().topicPartitions()) {
                        suyas.computeIfAbsent(tp.topic(), k -> new TreeSet<>()).add(tp.partition());
                    }
                    porMiembro.put(m.consumerId(), suyas);
                }
                if (porMiembro.size() == 3 && porMiembro.values().stream().allMatch(s -> s.size() == 2
                        && s.get(venta).size() == PARTICIONES / 3 && s.get(venta).equals(s.get(cliente)))) {
                    break;
                }
            }
            assertEquals(3, porMiembro.size(), "three consumers in the sales group: " + porMiembro);
            for (Map<String, Set<Integer>> suyas : porMiembro.values()) {
                assertEquals(PARTICIONES / 3, suyas.get(venta).size(), "an even split: " + porMiembro);
                assertEquals(suyas.get(venta), suyas.get(cliente), "a sale and its client part, one consumer: " + porMiembro);
            }
            Set<String> topicos = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String contenido : List.of("venta", "cliente", "posicion", "aviso", "reporte", "reposicion")) {
                assertTrue(topicos.contains(prefijo + "." + contenido + ".DLT"), contenido + ": a DLT per topic");
                assertEquals(PARTICIONES, admin.describeTopics(List.of(prefijo + "." + contenido)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(prefijo + "." + contenido).partitions().size());
            }
        }
    }
}
