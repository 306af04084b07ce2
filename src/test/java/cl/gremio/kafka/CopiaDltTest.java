package cl.gremio.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A record's own headers named dlt.* are the record's, not ours: a producer that sends one near
 * the broker's limit must not make every DLT copy too large (the partition would stop for ever),
 * nor pass its own digest off as ours.
 */
class CopiaDltTest {

    private static final int MAXIMO = 1_000_000;

    @Test
    void unaCabeceraDltDelRegistroSeRecortaComoLasDemas() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Exchange e = new DefaultExchange(context);
            byte[] valor = "{\"id\": 1}".getBytes(StandardCharsets.UTF_8);
            e.getMessage().setBody(valor);
            e.getMessage().setHeader(KafkaConstants.KEY, "C-1");
            e.getMessage().setHeader("dlt.relleno", new byte[1_040_000]);
            e.getMessage().setHeader("dlt.valor-sha256", "ajena".getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader("dlt.motivo", "no cumple el contrato");
            e.getMessage().setHeader("dlt.origen", "NuevaVenta/0@7");

            new CopiaDlt(MAXIMO).ajustar(e);

            assertTrue(enviado(e) <= MAXIMO, "the copy fits: " + enviado(e) + " bytes");
            assertEquals("true", e.getMessage().getHeader("dlt.recortado"));
            assertEquals(CopiaDlt.sha256(valor), e.getMessage().getHeader("dlt.valor-sha256"), "our digest, of the value");
            assertEquals("NuevaVenta/0@7", e.getMessage().getHeader("dlt.origen"));
            assertEquals("no cumple el contrato", e.getMessage().getHeader("dlt.motivo"));
            assertEquals(valor.length, e.getMessage().getBody(byte[].class).length, "the small value is kept whole");
        }
    }

    @Test
    void laCopiaMinimaDiceElTamanoYElResumenDelOriginal() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Exchange e = new DefaultExchange(context);
            byte[] valor = new byte[900_000];
            valor[0] = 1;
            e.getMessage().setBody(valor);
            e.getMessage().setHeader("enorme", new byte[200_000]);
            e.getMessage().setHeader("dlt.motivo", "no cumple el contrato");
            e.getMessage().setHeader("dlt.origen", "Stock/1@3");
            CopiaDlt copia = new CopiaDlt(MAXIMO);
            copia.ajustar(e);
            String tamano = e.getMessage().getHeader("dlt.tamano-original", String.class);
            copia.minima(e); // the broker refused the first cut all the same

            assertTrue(enviado(e) <= CopiaDlt.MINIMA, "the copy is minimal: " + enviado(e) + " bytes");
            assertEquals(CopiaDlt.sha256(valor), e.getMessage().getHeader("dlt.valor-sha256"), "the original value's digest");
            assertEquals(String.valueOf(valor.length), e.getMessage().getHeader("dlt.valor-bytes"));
            assertEquals(tamano, e.getMessage().getHeader("dlt.tamano-original"));
            assertEquals("1", e.getMessage().getHeader("dlt.cabeceras-quitadas"), "the header left out the first time counts");
        }
    }

    /**
     * The reason quotes what the record holds (the name of a property its schema does not
     * declare) and is logged: a name with a line break forged a log line of its own, and one of
     * 15,000 characters filled the log. It goes on one line, its control characters escaped, cut.
     */
    @Test
    void elMotivoVaEnUnaLineaYCorto() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Exchange e = new DefaultExchange(context);
            e.getMessage().setBody("{}".getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader("dlt.motivo", "x\n16:00:00.000 INFO  [main] FORJADO\u001b[2K\u2028\u202e no es un campo de venta.json");
            e.getMessage().setHeader("dlt.origen", "NuevaVenta/0@51");

            new CopiaDlt(MAXIMO).ajustar(e);

            assertEquals("x\\u000a16:00:00.000 INFO  [main] FORJADO\\u001b[2K\\u2028\\u202e no es un campo de venta.json",
                    e.getMessage().getHeader("dlt.motivo"));

            Exchange largo = new DefaultExchange(context);
            largo.getMessage().setBody("{}".getBytes(StandardCharsets.UTF_8));
            largo.getMessage().setHeader("dlt.motivo", "n".repeat(15_000) + " no es un campo de venta.json");
            new CopiaDlt(MAXIMO).ajustar(largo);
            assertEquals(CopiaDlt.TEXTO_MAX, largo.getMessage().getHeader("dlt.motivo", String.class).length());
        }
    }

    /** The record the Kafka producer would send, measured as it measures it. */
    private static int enviado(Exchange e) {
        KafkaConfiguration conf = e.getContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
        List<Header> cabeceras = CopiaDlt.propagadas(e, conf);
        String clave = e.getMessage().getHeader(KafkaConstants.KEY, String.class);
        return CopiaDlt.tamano(clave == null ? null : clave.getBytes(StandardCharsets.UTF_8),
                e.getMessage().getBody(byte[].class), cabeceras);
    }
}
