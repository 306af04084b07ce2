package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * GremioConfiguration.BEANS is what `validar` accepts in a route's ref: it must name exactly the
 * beans a running application has (a bean bound outside the list already fails the start).
 */
class BeansIT {

    @Test
    void cadaBeanDeLaListaEstaEnElRegistroDeLaAplicacionEnMarcha() throws Exception {
        Registry registro = AppEnMarcha.compartida().main().getCamelContext().getRegistry();
        List<String> faltan = GremioConfiguration.BEANS.stream()
                .filter(nombre -> registro.lookupByName(nombre) == null).toList();
        assertEquals(List.of(), faltan, "in GremioConfiguration.BEANS but not bound");
    }
}
