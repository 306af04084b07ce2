package cl.gremio.rutas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * routes/estadisticas.camel.yaml alone: the daily run's schedule as configured, the day a firing
 * computes, and the date in the path checked before anything is read (the store is an in-memory H2).
 */
@CamelMainTest(
        propertyPlaceholderLocations = Rutas.AJUSTES,
        properties = {"camel.main.routes-include-pattern=file:routes/estadisticas.camel.yaml" + Rutas.COMUNES,
                Rutas.SIN_SERVIDOR, Rutas.SIN_GESTION, Rutas.SIN_METRICAS, Rutas.SIN_SALUD, Rutas.SIN_BROKER,
                Rutas.PRODUCTOR_PEREZOSO, Rutas.INSTANCIA, Rutas.DATOS},
        configurationClasses = BeansDePrueba.class,
        replaceRouteFromWith = {"estadisticas-consulta-http=direct:estadisticas-consulta-http",
                "estadisticas-calculo-http=direct:estadisticas-calculo-http",
                "revisar-estadisticas=direct:revisar-estadisticas"},
        advices = @AdviceRouteMapping(route = "estadisticas-diarias", advice = EstadisticasTest.SinDisparar.class),
        mockEndpointsAndSkip = Rutas.KAFKA_Y_SQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EstadisticasTest {

    /** The quartz consumer stays as configured (its schedule is under test) but is not started: it never fires here. */
    public static class SinDisparar extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            getOriginalRoute().autoStartup(false);
        }
    }

    @BeanInject
    CamelContext context;

    @EndpointInject("direct:estadisticas-consulta-http")
    ProducerTemplate plantilla;

    private String ajuste(String clave) {
        return context.getPropertiesComponent().resolveProperty(clave).orElseThrow().trim();
    }

    @Test
    void laCorridaDiariaSigueElCronYLaZonaConfigurados() {
        QuartzEndpoint quartz = (QuartzEndpoint) context.getRoute("estadisticas-diarias").getEndpoint();

        assertEquals(ajuste("gremio.estadisticas.cron"), quartz.getCron());
        assertEquals(ajuste("gremio.zona"), quartz.getTriggerParameters().get("timeZone"));
        assertFalse(context.getRouteController().getRouteStatus("estadisticas-diarias").isStarted());
    }

    @Test
    void unaFechaMalaEs400QueNombraFecha() throws Exception {
        for (String fecha : new String[] {"2026-13-01", "20-11-2026", "1999-12-31", "3000-01-01"}) {
            Exchange respuesta = Rutas.enviar(plantilla, "direct:estadisticas-consulta-http", null, null,
                    Map.of("fecha", fecha));

            assertEquals(400, Rutas.estado(respuesta), fecha);
            assertEquals("fecha", Rutas.cuerpo(respuesta).get("campo"), fecha);
        }
    }

    @Test
    void unDiaNoCalculadoEs404YCalcularloLoDeja() throws Exception {
        Exchange antes = Rutas.enviar(plantilla, "direct:estadisticas-consulta-http", null, null,
                Map.of("fecha", "2026-01-15"));
        assertEquals(404, Rutas.estado(antes));

        Exchange calculo = Rutas.enviar(plantilla, "direct:estadisticas-calculo-http", null, null,
                Map.of("fecha", "2026-01-15"));
        assertEquals(200, Rutas.estado(calculo));
        assertEquals("application/json", calculo.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals(false, Rutas.cuerpo(calculo).get("final"), "computed on demand: provisional");

        Exchange despues = Rutas.enviar(plantilla, "direct:estadisticas-consulta-http", null, null,
                Map.of("fecha", "2026-01-15"));
        assertEquals(200, Rutas.estado(despues));
    }

    @Test
    void unDisparoCalculaSuPropioDia() {
        // fired at 23:59 local and run after midnight (taken over): still the firing's day
        Exchange hecho = plantilla.request("direct:tarea-estadisticas-diarias",
                e -> e.getMessage().setHeader("disparo", "2026-02-10 23:59:00.000-03:00"));

        assertEquals(null, hecho.getException());
        assertEquals("2026-02-10", hecho.getMessage().getHeader("fecha"));
    }
}
