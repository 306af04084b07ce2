import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Did the consumers keep up with an ingestion run? Right after the load stops, prints how many
 * records our consumer groups had not processed yet, and how long it took until none were left
 * (gives up after 300 s). An ingestion rate is sustainable only if this stays small.
 *
 *   java -cp "target/lib/*" bench/Pendientes.java 127.0.0.1:19092
 */
public class Pendientes {
    static final Map<String, String> GRUPOS = Map.of("gremio-ventas", "NuevaVenta", "gremio-ubicaciones", "Ubicacion",
            "gremio-stock", "Stock", "gremio-miembros", "NuevoMiembro");

    public static void main(String[] a) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", a[0]))) {
            long t0 = System.nanoTime();
            long alFinal = pendientes(admin);
            long ahora = alFinal;
            while (ahora > 0 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(300)) {
                Thread.sleep(250);
                ahora = pendientes(admin);
            }
            System.out.printf("RESULT backlog_at_end=%d caught_up_after_s=%s%n", alFinal,
                    ahora == 0 ? String.format("%.1f", (System.nanoTime() - t0) / 1e9) : "never(300s)");
        }
    }

    static long pendientes(Admin admin) throws Exception {
        long total = 0;
        for (var g : GRUPOS.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> hechos = admin.listConsumerGroupOffsets(g.getKey())
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> particiones = List.of(new TopicPartition(g.getValue(), 0), new TopicPartition(g.getValue(), 1));
            var finales = admin.listOffsets(particiones.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            for (TopicPartition tp : particiones) {
                OffsetAndMetadata hecho = hechos.get(tp);
                total += finales.get(tp).offset() - (hecho == null ? 0 : hecho.offset());
            }
        }
        return total;
    }
}
