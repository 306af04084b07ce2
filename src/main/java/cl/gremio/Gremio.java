package cl.gremio;

import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts Gremio: configuration from {@code config/application.properties}, routes from
 * {@code routes/*.camel.yaml}, both read from the working directory so integrators change
 * them without a rebuild.
 */
public final class Gremio {

    private Gremio() {
    }

    public static void main(String[] args) {
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
