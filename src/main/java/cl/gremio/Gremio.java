package cl.gremio;

import java.util.Arrays;

import cl.gremio.rutas.ValidadorDeRutas;
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
            create().run(args);
        } catch (Exception e) {
            // the broker's threads would keep a half-started JVM alive: fail loudly and exit
            LoggerFactory.getLogger(Gremio.class).error("Gremio could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** A configured, not yet started application; tests start it with their own overrides. */
    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        main.configure().addConfiguration(new GremioConfiguration());
        return main;
    }
}
