package cl.gremio.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag as a metric, {@code gremio_consumer_lag{group, topic, partition}}: how many
 * records each flow's consumer group has not processed yet, read from the cluster every 15 s
 * (so it covers every instance of the group, not only this one).
 */
public class RetrasoConsumidores extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RetrasoConsumidores.class);

    private final CamelContext context;
    private final String brokers;
    private final Map<String, List<String>> topicoPorGrupo;
    private final Map<TopicPartition, AtomicLong> retrasos = new ConcurrentHashMap<>();
    private ScheduledExecutorService reloj;
    private Admin admin;

    public RetrasoConsumidores(CamelContext context, String brokers, Map<String, List<String>> topicoPorGrupo) {
        this.context = context;
        this.brokers = brokers;
        this.topicoPorGrupo = topicoPorGrupo;
    }

    @Override
    protected void doStart() {
        admin = Topicos.vigilante(brokers);
        reloj = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "gremio-consumer-lag"));
        reloj.scheduleWithFixedDelay(this::medir, 5, 15, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (reloj != null) {
            reloj.shutdownNow();
        }
        if (admin != null) {
            admin.close();
        }
    }

    private void medir() {
        MeterRegistry metricas = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (metricas == null) {
            return;
        }
        // each group on its own: one that cannot be read (a broker restarting) keeps its last
        // value and does not hold the others back
        for (var entrada : topicoPorGrupo.entrySet()) {
            try {
                medir(metricas, entrada.getKey(), entrada.getValue());
            } catch (Exception e) {
                LOG.debug("Could not measure the lag of consumer group {}: {}", entrada.getKey(), e.getMessage());
            }
        }
    }

    private void medir(MeterRegistry metricas, String grupo, List<String> topicos) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> hechos = admin.listConsumerGroupOffsets(grupo)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Set<TopicPartition> particiones = admin.describeTopics(topicos).allTopicNames()
                .get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        var finales = admin.listOffsets(particiones.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
        for (TopicPartition tp : particiones) {
            OffsetAndMetadata hecho = hechos.get(tp);
            long retraso = finales.get(tp).offset() - (hecho == null ? 0 : hecho.offset());
            retrasos.computeIfAbsent(tp, k -> {
                AtomicLong valor = new AtomicLong();
                Gauge.builder("gremio_consumer_lag", valor, AtomicLong::get)
                        .description("records of the partition the flow's consumer group has not processed yet")
                        .tags("group", grupo, "topic", tp.topic(), "partition", String.valueOf(tp.partition()))
                        .register(metricas);
                return valor;
            }).set(Math.max(0, retraso));
        }
    }
}
