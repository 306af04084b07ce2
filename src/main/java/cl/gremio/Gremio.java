package cl.gremio;

import java.util.Arrays;

import cl.gremio.rutas.ValidadorDeRutas;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts Gremio: configuration from {@code config/application.properties}, routes from
 * {@code routes/*.camel.yaml}, both read from the working directory so integrators change
 * them without a rebuild. {@code validar [DIR]} checks route files instead (see ValidadorDeRutas).
 */
public final class Gremio {

    private Gremio() {
    }

    public static void main(String[] args) {
        // before Camel Main sees the arguments: validating starts nothing (no broker, no store)
        if (args.length > 0 && args[0].equals("validar")) {
            System.exit(ValidadorDeRutas.ejecutar(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        try {
            Calentamiento.correr(segundosDeCalentamiento());
            create().run(args);
        } catch (Exception e) {
            // the broker's threads would keep a half-started JVM alive: fail loudly and exit
            LoggerFactory.getLogger(Gremio.class).error("Gremio could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** gremio.calentamiento.segundos, read as Camel will read it (file, -D, environment). */
    private static int segundosDeCalentamiento() throws Exception {
        String valor;
        try (DefaultCamelContext context = new DefaultCamelContext(false)) {
            context.getPropertiesComponent().setLocation("file:config/application.properties");
            context.build();
            valor = context.getPropertiesComponent().resolveProperty("gremio.calentamiento.segundos").orElse("").trim();
        }
        try {
            return valor.isEmpty() ? 0 : Integer.parseInt(valor);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Setting gremio.calentamiento.segundos must be a whole number of seconds"
                    + " (0 starts at once), not '" + valor + "'");
        }
    }

    /** A configured, not yet started application; tests start it with their own overrides. */
    public static Main create() {
        return configurar(new Main());
    }

    static Main configurar(Main main) {
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        main.configure().addConfiguration(new GremioConfiguration());
        return main;
    }
}
