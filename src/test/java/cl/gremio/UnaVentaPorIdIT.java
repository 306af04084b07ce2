package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import cl.gremio.dominio.Venta;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One id, one sale. The same id sent at the same moment with two contents (another client,
 * quantity, position, and a stock that makes one a report and the other a replenishment request)
 * leaves exactly one sale, whole: its row, client part, the cart's position and its stock record
 * all from the same request, and nothing of the other one, which goes to the DLTs saying why. A
 * retry with the same content is stored once. Records another producer sends straight to Kafka
 * with a part of other content are stored nowhere either. On H2 and PostgreSQL.
 */
class UnaVentaPorIdIT {

    private static final int PARES = 60;
    private static final int REINTENTOS = 10;
    private static final String OTRA_VENTA = "ya es de otra venta";

    /** One request of a pair: what it would store. */
    private record Pedido(String carrito, String id, String cliente, int cantidad, int stock, double latitud,
            double longitud, OffsetDateTime hora) {

        String json() {
            return """
                    {"id":"%s","carrito":"%s","cliente":"%s","cantidad":%d,"stock":%d,"latitud":%s,"longitud":%s,"hora":"%s"}"""
                    .formatted(id, carrito, cliente, cantidad, stock, latitud, longitud, hora);
        }

        String huella() {
            return Venta.huella(id, carrito, cantidad, hora, cliente, stock, latitud, longitud);
        }
    }

    @ParameterizedTest(name = "store: {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void elMismoIdConOtroContenidoDejaUnaSolaVentaEntera(String almacen) throws Exception {
        try (Postgres pg = almacen.equals("postgresql") ? Postgres.nueva() : null;
                AppEnMarcha app = AppEnMarcha.nueva(pg == null ? Map.of() : pg.ajustes())) {
            DataSource ds = app.main().getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            String prueba = UUID.randomUUID().toString().substring(0, 4);
            // a day's hour well in the past, so both of a pair fall on the same local day
            OffsetDateTime base = OffsetDateTime.now(ZoneId.of("America/Santiago")).minusMinutes(30)
                    .truncatedTo(ChronoUnit.SECONDS);
            List<Pedido[]> pares = new ArrayList<>();
            for (int i = 0; i < PARES; i++) {
                String carrito = "UV" + prueba + "-" + i;
                String id = "par-" + i;
                pares.add(new Pedido[] {
                    new Pedido(carrito, id, "Ana " + i, 1, 50, -33.1, -70.1, base),
                    new Pedido(carrito, id, "Beto " + i, 2, 5, -33.2, -70.2, base.plusSeconds(1))});
            }
            List<Pedido> reintentados = new ArrayList<>();
            for (int i = 0; i < REINTENTOS; i++) {
                reintentados.add(new Pedido("UR" + prueba + "-" + i, "otra-" + i, "Carla", 3, 30, -33.3, -70.3, base));
            }

            // every pair's two requests start together; a retried sale is sent twice the same way
            ExecutorService hilos = Executors.newFixedThreadPool(16);
            List<Future<Integer>> respuestas = new ArrayList<>();
            try {
                for (Pedido[] par : pares) {
                    enviarJuntos(app, hilos, respuestas, par[0], par[1]);
                }
                for (Pedido p : reintentados) {
                    enviarJuntos(app, hilos, respuestas, p, p);
                }
                for (Future<Integer> r : respuestas) {
                    assertEquals(202, r.get(), "both get 202: the HTTP edge does not read the store");
                }
            } finally {
                hilos.shutdown();
            }
            Registros.esperarConsumo(app.brokers());

            int ganaA = 0;
            int sopaipillas = 0;
            for (Pedido[] par : pares) {
                Pedido ganador = ganador(ds, par);
                ganaA += ganador == par[0] ? 1 : 0;
                sopaipillas += ganador.cantidad();
                ventaEntera(ds, ganador);
            }
            for (Pedido p : reintentados) {
                ventaEntera(ds, p);
                sopaipillas += p.cantidad();
            }
            System.out.printf("[%s] %d pairs: the first request won %d times, the second %d%n", almacen, PARES, ganaA,
                    PARES - ganaA);

            // the other request's four parts are in the DLTs, each saying why; nothing of a retry is
            assertEquals(4 * PARES, deOtraVenta(app).size(), "every part of every losing request, once");

            // the day counts every sale once
            String fecha = base.toLocalDate().toString();
            JsonNode totales = Registros.json(app.post("/api/estadisticas/" + fecha, null, "").body()).get("totales");
            assertEquals(PARES + REINTENTOS, totales.get("ventas").asInt(), totales.toString());
            assertEquals(sopaipillas, totales.get("sopaipillas").asInt(), totales.toString());
            assertEquals(PARES + 1, totales.get("clientes").asInt(), "each pair's winner, and Carla: " + totales);

            // straight to Kafka, parts of other content for a stored sale: stored nowhere
            Pedido ganador = ganador(ds, pares.get(0));
            Pedido otra = new Pedido(ganador.carrito(), ganador.id(), "Otro", 7, 3, -33.9, -70.9, base.plusSeconds(9));
            producir(app, "NuevaVenta", 0, ganador.carrito(), """
                    {"id":"%s","carrito":"%s","cliente":"Otro","cantidad":7,"stock":3,"latitud":-33.9,"longitud":-70.9,"hora":"%s"}"""
                    .formatted(otra.id(), otra.carrito(), otra.hora()));
            producir(app, "NuevaVenta", 1, ganador.carrito(), """
                    {"id":"%s","carrito":"%s","cliente":"Otro","cantidad":7,"huella":"%s"}"""
                    .formatted(otra.id(), otra.carrito(), otra.huella()));
            // without huella: judged by its fields against the stored sale
            producir(app, "Stock", 1, ganador.carrito(), """
                    {"id":"%s","carrito":"%s","stock":3,"hora":"%s"}""".formatted(otra.id(), otra.carrito(), otra.hora()));
            producir(app, "Ubicacion", 0, ganador.carrito(), """
                    {"id":"%s","carrito":"%s","latitud":-33.9,"longitud":-70.9,"segundos":%d}"""
                    .formatted(otra.id(), otra.carrito(), otra.hora().toEpochSecond()));
            // a copy of the winner's client part without huella agrees with the sale: no refusal
            producir(app, "NuevaVenta", 1, ganador.carrito(), """
                    {"id":"%s","carrito":"%s","cliente":"%s","cantidad":%d}"""
                    .formatted(ganador.id(), ganador.carrito(), ganador.cliente(), ganador.cantidad()));

            // a producer that sends no huella: its sale is stored whole, a later other content for its id is not
            Pedido antiguo = new Pedido("UA" + prueba, "antiguo-1", "Dora", 4, 8, -33.4, -70.4, base);
            producir(app, "NuevaVenta", 0, antiguo.carrito(), """
                    {"id":"%s","carrito":"%s","cliente":"Dora","cantidad":4,"stock":8,"latitud":-33.4,"longitud":-70.4,"hora":"%s"}"""
                    .formatted(antiguo.id(), antiguo.carrito(), antiguo.hora()));
            producir(app, "NuevaVenta", 1, antiguo.carrito(), """
                    {"id":"%s","carrito":"%s","cliente":"Dora","cantidad":4}""".formatted(antiguo.id(), antiguo.carrito()));
            producir(app, "Ubicacion", 0, antiguo.carrito(), """
                    {"id":"%s","carrito":"%s","latitud":-33.4,"longitud":-70.4,"segundos":%d}"""
                    .formatted(antiguo.id(), antiguo.carrito(), antiguo.hora().toEpochSecond()));
            producir(app, "Stock", 1, antiguo.carrito(), """
                    {"id":"%s","carrito":"%s","stock":8,"hora":"%s"}""".formatted(antiguo.id(), antiguo.carrito(),
                    antiguo.hora()));
            producir(app, "NuevaVenta", 0, antiguo.carrito(), """
                    {"id":"%s","carrito":"%s","cliente":"Dora","cantidad":5,"stock":8,"latitud":-33.4,"longitud":-70.4,"hora":"%s"}"""
                    .formatted(antiguo.id(), antiguo.carrito(), antiguo.hora()));
            Registros.esperarConsumo(app.brokers());

            ventaEntera(ds, ganador);
            ventaEntera(ds, antiguo);
            List<ConsumerRecord<String, String>> rechazados = deOtraVenta(app);
            assertEquals(4 * PARES + 5, rechazados.size(), "four parts of other content, and the old producer's second sale");
            assertEquals(8, rechazados.stream().filter(r -> r.key().equals(ganador.carrito())).count(),
                    "the losing request's four parts and the four of other content sent straight to Kafka");
            assertEquals(1, rechazados.stream().filter(r -> r.key().equals(antiguo.carrito())).count(),
                    "the old producer's second content");
        }
    }

    /** Both requests, released at the same moment on two threads. */
    private static void enviarJuntos(AppEnMarcha app, ExecutorService hilos, List<Future<Integer>> respuestas, Pedido a,
            Pedido b) {
        CountDownLatch salida = new CountDownLatch(2);
        for (Pedido p : List.of(a, b)) {
            respuestas.add(hilos.submit(() -> {
                salida.countDown();
                salida.await();
                return app.postJson("/api/ventas", p.json()).statusCode();
            }));
        }
    }

    /** Which request of the pair the stored sale row is, by its client. */
    private static Pedido ganador(DataSource ds, Pedido[] par) throws Exception {
        List<List<Object>> venta = filas(ds, "SELECT cliente FROM venta WHERE carrito = ? AND id = ?", par[0]);
        assertEquals(1, venta.size(), "one sale row for " + par[0].id());
        return venta.get(0).get(0).equals(par[0].cliente()) ? par[0] : par[1];
    }

    /** Every part of the sale in the store, from this request and no other. */
    private static void ventaEntera(DataSource ds, Pedido p) throws Exception {
        String que = p.carrito() + "/" + p.id();
        assertEquals(List.of(List.of(p.cliente(), p.cantidad(), p.stock(), p.latitud(), p.longitud(), p.hora().toInstant())),
                filas(ds, "SELECT cliente, cantidad, stock, latitud, longitud, hora FROM venta WHERE carrito = ? AND id = ?", p),
                "sale row of " + que);
        assertEquals(List.of(List.of(p.cliente(), p.cantidad())),
                filas(ds, "SELECT cliente, cantidad FROM venta_cliente WHERE carrito = ? AND id = ?", p),
                "client part of " + que);
        List<List<Object>> stock = List.of(List.of(p.stock(), p.hora().toInstant()));
        boolean reposicion = p.stock() < 20;
        assertEquals(reposicion ? List.of() : stock,
                filas(ds, "SELECT stock, hora FROM reporte_stock WHERE carrito = ? AND id = ?", p), "stock report of " + que);
        assertEquals(reposicion ? stock : List.of(),
                filas(ds, "SELECT stock, hora FROM solicitud_reposicion WHERE carrito = ? AND id = ?", p),
                "replenishment request of " + que);
        assertEquals(List.of(List.of(p.latitud(), p.longitud(), p.hora().toEpochSecond())),
                filas(ds, "SELECT latitud, longitud, segundos FROM posicion WHERE carrito = ?", p.carrito()),
                "position of " + p.carrito());
    }

    /** Every record the consumers refused as a part of another sale's id, from the three topics' DLTs. */
    private static List<ConsumerRecord<String, String>> deOtraVenta(AppEnMarcha app) {
        List<ConsumerRecord<String, String>> todos = new ArrayList<>();
        for (String topico : List.of("NuevaVenta.DLT", "Ubicacion.DLT", "Stock.DLT")) {
            for (int particion = 0; particion < 2; particion++) {
                todos.addAll(Registros.de(app.brokers(), topico, particion, r -> r.headers().lastHeader("dlt.motivo") != null
                        && new String(r.headers().lastHeader("dlt.motivo").value(), StandardCharsets.UTF_8)
                                .contains(OTRA_VENTA)));
            }
        }
        return todos;
    }

    private static void producir(AppEnMarcha app, String topico, int particion, String clave, String valor)
            throws Exception {
        Registros.producir(app.brokers(), topico, particion, clave, valor.getBytes(StandardCharsets.UTF_8));
    }

    /** The rows of a query on (carrito, id). */
    private static List<List<Object>> filas(DataSource ds, String sql, Pedido p) throws Exception {
        return filas(ds, sql, p.carrito(), p.id());
    }

    /** The rows of a query, each as its column values (whole numbers as Integer or, BIGINT, Long; times as instants). */
    private static List<List<Object>> filas(DataSource ds, String sql, String... parametros) throws Exception {
        List<List<Object>> filas = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parametros.length; i++) {
                ps.setString(i + 1, parametros[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columnas = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> fila = new ArrayList<>();
                    for (int i = 1; i <= columnas; i++) {
                        Object v = rs.getObject(i);
                        fila.add(v instanceof java.time.temporal.Temporal || v instanceof java.sql.Timestamp
                                ? rs.getObject(i, OffsetDateTime.class).toInstant()
                                : v instanceof Number n && !(v instanceof Double) && !(v instanceof Long) ? n.intValue() : v);
                    }
                    filas.add(fila);
                }
            }
        }
        return filas;
    }
}
