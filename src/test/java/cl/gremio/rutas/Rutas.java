package cl.gremio.rutas;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;

/**
 * What every route test shares: the settings that keep the edges shut (no HTTP server, no
 * management port, no broker) and small helpers to send a request and read the answer.
 */
final class Rutas {

    /** The application's own settings, as the real start reads them. */
    static final String AJUSTES = "file:config/application.properties";
    /** No HTTP server, no management port, no metrics: the routes' consumers are direct: endpoints. */
    static final String SIN_SERVIDOR = "camel.server.enabled=false";
    static final String SIN_GESTION = "camel.management.enabled=false";
    static final String SIN_METRICAS = "camel.metrics.enabled=false";
    static final String SIN_SALUD = "camel.health.enabled=false";
    /** Kafka endpoints are mocked and skipped; their producer still needs a bootstrap address, never used. */
    static final String SIN_BROKER = "camel.component.kafka.brokers=127.0.0.1:9";
    /** ...and is created only at its first send, which the mock skips: no client tries to connect. */
    static final String PRODUCTOR_PEREZOSO = "camel.component.kafka.lazy-start-producer=true";
    static final String INSTANCIA = "gremio.instancia=prueba-de-rutas";
    /** Where report files go (the statistics' CSV): under target/, not data/. */
    static final String DATOS = "gremio.data.dir=target/rutas-datos";
    /** Sends to Kafka and SQL reach a mock and stop there. */
    static final String KAFKA_Y_SQL = "(kafka|sql):.*";
    /** The shared error handling and answers, loaded with every route file. */
    static final String COMUNES = ",file:routes/errores.camel.yaml,file:routes/respuestas.camel.yaml,file:routes/plantillas.camel.yaml";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rutas() {
    }

    /** A request to a replaced HTTP consumer: body and Content-Type as a client sends them. */
    static Exchange enviar(ProducerTemplate plantilla, String uri, String tipo, String cuerpo, Map<String, Object> cabeceras) {
        return plantilla.request(uri, e -> {
            if (tipo != null) {
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, tipo);
            }
            cabeceras.forEach(e.getMessage()::setHeader);
            e.getMessage().setBody(cuerpo == null ? null : cuerpo.getBytes(StandardCharsets.UTF_8));
        });
    }

    static Exchange json(ProducerTemplate plantilla, String uri, String cuerpo) {
        return enviar(plantilla, uri, "application/json", cuerpo, Map.of());
    }

    static int estado(Exchange respuesta) {
        return respuesta.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cuerpo(Exchange respuesta) throws Exception {
        return JSON.readValue(respuesta.getMessage().getBody(String.class), Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deJson(Object texto) throws Exception {
        return JSON.readValue(String.valueOf(texto), Map.class);
    }

    /**
     * The mock standing in for the endpoint whose URI contains {@code parte} (mocked endpoints are
     * named after the whole URI, SQL included, so a distinctive piece finds them).
     */
    static MockEndpoint mock(CamelContext context, String parte) {
        List<MockEndpoint> hallados = context.getEndpoints().stream().filter(MockEndpoint.class::isInstance)
                .map(MockEndpoint.class::cast)
                .filter(m -> URLDecoder.decode(m.getEndpointUri(), StandardCharsets.UTF_8).contains(parte)).toList();
        if (hallados.size() != 1) {
            throw new AssertionError(hallados.size() + " mocks contain '" + parte + "': " + context.getEndpoints()
                    .stream().map(Endpoint::getEndpointUri).filter(u -> u.startsWith("mock:")).toList());
        }
        return hallados.get(0);
    }

    /**
     * The mock behind the dead-letter route's {@code toD kafka:${header.kafka.TOPIC}.DLT}: camel-kafka
     * sends a dynamic URI through one endpoint, the topic in header {@code kafka.OVERRIDE_TOPIC};
     * the mock is created here so that it exists before the first record goes to a DLT.
     */
    static MockEndpoint dlt(CamelContext context) {
        return context.getEndpoint("mock:kafka:$%7Bheader.kafka.TOPIC%7D.DLT", MockEndpoint.class);
    }
}
