import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end lag: posts sales at a fixed rate and notes when each got its 202; the store notes
 * when each row was written (venta.registrada, venta_cliente.registrada). Lag of a sale = the
 * later of its two rows minus its 202 (negative when the sale was counted before the client
 * had read its 202). Prints p50/p99 of the sales sent after the warm-up (the JIT compiler is
 * still busy for the first minute of a fresh process), and the p99 of the warm-up's own.
 *
 *   java -cp "target/lib/*" bench/Lag.java http://127.0.0.1:18080 <sales/s> <seconds> <jdbc-url> [warm-up seconds]
 */
public class Lag {
    public static void main(String[] a) throws Exception {
        String base = a[0];
        int porSegundo = Integer.parseInt(a[1]);
        int segundos = Integer.parseInt(a[2]);
        String jdbc = a[3];
        int calentar = a.length > 4 ? Integer.parseInt(a[4]) : 0;
        int primeraMedida = porSegundo * calentar;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> confirmadas = new ConcurrentHashMap<>();
        AtomicInteger errores = new AtomicInteger();
        AtomicInteger n = new AtomicInteger();
        int total = porSegundo * (calentar + segundos);
        // open-loop pacing: sale i is due at t0 + i/rate; 64 clients take the next due sale
        long t0 = System.nanoTime();
        long periodoNanos = 1_000_000_000L / porSegundo;
        ExecutorService clientes = Executors.newFixedThreadPool(64);
        for (int c = 0; c < 64; c++) {
            clientes.submit(() -> {
                for (int i = n.getAndIncrement(); i < total; i = n.getAndIncrement()) {
                    long espera = t0 + i * periodoNanos - System.nanoTime();
                    if (espera > 0) {
                        TimeUnit.NANOSECONDS.sleep(espera);
                    }
                    String id = "lag-" + i;
                    String cuerpo = "{\"id\":\"" + id + "\",\"carrito\":\"LAG-" + (i % 5) + "\",\"cliente\":\"c"
                            + (i % 50) + "\",\"cantidad\":1,\"stock\":50,\"latitud\":-33,\"longitud\":-70}";
                    try {
                        int estado = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ventas"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(cuerpo)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (estado == 202) {
                            confirmadas.put(id, System.currentTimeMillis());
                        } else {
                            errores.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (errores.incrementAndGet() == 1) {
                            System.err.println("first error: " + e);
                        }
                    }
                }
                return null;
            });
        }
        clientes.shutdown();
        clientes.awaitTermination(segundos + 120L, TimeUnit.SECONDS);
        long hasta;
        List<Long> lags = new ArrayList<>();
        List<Long> lagsCalentando = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement st = c.createStatement()) {
            String sql = "SELECT v.id, (EXTRACT(EPOCH FROM GREATEST(v.registrada, k.registrada)) * 1000)::bigint "
                    + "FROM venta v JOIN venta_cliente k ON k.carrito = v.carrito AND k.id = v.id WHERE v.id LIKE 'lag-%'";
            hasta = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < hasta) {
                lags.clear();
                lagsCalentando.clear();
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        Long t202 = confirmadas.get(rs.getString(1));
                        if (t202 != null) {
                            boolean calentando = Integer.parseInt(rs.getString(1).substring(4)) < primeraMedida;
                            (calentando ? lagsCalentando : lags).add(rs.getLong(2) - t202);
                        }
                    }
                }
                if (lags.size() + lagsCalentando.size() >= confirmadas.size()) {
                    break;
                }
                Thread.sleep(500);
            }
        }
        Collections.sort(lags);
        Collections.sort(lagsCalentando);
        System.out.printf("RESULT sent=%d answered202=%d errors=%d counted=%d warmup_s=%d warmup_lag_p99_ms=%d "
                + "lag_p50_ms=%d lag_p99_ms=%d lag_max_ms=%d%n", total, confirmadas.size(), errores.get(),
                lags.size() + lagsCalentando.size(), calentar, pct(lagsCalentando, 99), pct(lags, 50), pct(lags, 99),
                lags.isEmpty() ? -1 : lags.get(lags.size() - 1));
        System.exit(0);
    }

    static long pct(List<Long> l, int p) {
        return l.isEmpty() ? -1 : l.get(Math.min(l.size() - 1, (int) Math.ceil(p / 100.0 * l.size()) - 1));
    }
}
