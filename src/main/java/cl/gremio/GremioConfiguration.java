package cl.gremio;

import java.nio.file.Path;
import java.time.ZoneId;

import cl.gremio.entrada.Validador;
import cl.gremio.kafka.EmbeddedKafka;
import cl.gremio.kafka.Topicos;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routes cannot say: which Kafka cluster to use (starting the embedded broker when
 * none is configured), that our topics exist, and the beans the routes call.
 * Runs before Camel applies {@code camel.component.kafka.*}, so those settings still apply.
 */
public class GremioConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GremioConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        String brokers = context.getPropertiesComponent().resolveProperty("gremio.kafka.brokers").orElse("").trim();
        if (brokers.isBlank()) {
            Path dataDir = Path.of(setting(context, "gremio.data.dir"));
            EmbeddedKafka broker = new EmbeddedKafka(dataDir.resolve("kafka"),
                    Integer.parseInt(setting(context, "gremio.kafka.embedded.port")),
                    Integer.parseInt(setting(context, "gremio.kafka.embedded.controller-port")));
            broker.start();
            context.addService(broker, true);
            brokers = broker.bootstrapServers();
        } else {
            LOG.info("Using the Kafka cluster at {} (gremio.kafka.brokers); no embedded broker", brokers);
        }
        context.getComponent("kafka", KafkaComponent.class).getConfiguration().setBrokers(brokers);

        new Topicos(brokers, Integer.parseInt(setting(context, "gremio.kafka.particiones"))).asegurar(
                setting(context, "gremio.topico.miembros"), setting(context, "gremio.topico.ventas"),
                setting(context, "gremio.topico.ubicacion"), setting(context, "gremio.topico.stock"));

        context.getRegistry().bind("validador", new Validador(ZoneId.of(setting(context, "gremio.zona"))));
    }

    private static String setting(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException(
                        "Setting " + key + " is missing: add it to config/application.properties"))
                .trim();
    }
}
