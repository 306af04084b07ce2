package cl.gremio;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

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
            Properties archivo = archivo();
            if (archivo != null) { // else Camel's start says what is missing
                variablesDelEntorno(archivo);
                // before Camel reads the route filter gremio.rol.{{gremio.rol}}.excluye, whose failure
                // for a mistyped role names a missing property instead of the three roles
                GremioConfiguration.rolConocido(ajuste(archivo, "gremio.rol"));
                puertosLibres(archivo);
                calentar(archivo);
            }
            create().run(args);
        } catch (Exception e) {
            // the broker's threads would keep a half-started JVM alive: fail loudly and exit
            LoggerFactory.getLogger(Gremio.class).error("Gremio could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** The warm-up, when gremio.calentamiento.segundos asks for one, in {@code calentamiento/} of the data dir. */
    private static void calentar(Properties archivo) {
        String segundos = ajuste(archivo, "gremio.calentamiento.segundos");
        int s;
        try {
            s = segundos.isEmpty() ? 0 : Integer.parseInt(segundos);
        } catch (NumberFormatException e) {
            s = -1;
        }
        if (s < 0 || s > Calentamiento.MAXIMO) {
            throw new IllegalStateException("Setting gremio.calentamiento.segundos must be a whole number of seconds from 0"
                    + " (start at once) to " + Calentamiento.MAXIMO + ", not '" + segundos + "'");
        }
        String datos = ajuste(archivo, "gremio.data.dir");
        if (s > 0 && datos.contains("{{")) {
            // Camel would resolve it for the private instance, but this path to empty and delete would not be
            LoggerFactory.getLogger(Gremio.class).warn("No warm-up: gremio.data.dir '{}' holds a placeholder;"
                    + " give it a plain path to have one", datos);
        } else if (s > 0) {
            Calentamiento.correr(s, Path.of(datos).resolve("calentamiento"));
        }
    }

    /**
     * The HTTP and management ports must be free: Vert.x only logs a refused bind and the process
     * would run on without its endpoints (consumers storing, health unreachable, every request
     * refused), which a supervisor never notices.
     */
    private static void puertosLibres(Properties archivo) {
        for (String servidor : new String[] {"camel.server", "camel.management"}) {
            String host = ajuste(archivo, servidor + ".host");
            String puerto = ajuste(archivo, servidor + ".port");
            if (puerto.isEmpty() || puerto.contains("{{") || host.contains("{{")) {
                continue; // Camel resolves it and reports what is wrong
            }
            int p;
            try {
                p = Integer.parseInt(puerto);
            } catch (NumberFormatException e) {
                continue;
            }
            String donde = host.isEmpty() ? "0.0.0.0" : host;
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(true); // as Vert.x binds: a port in TIME_WAIT is free
                s.bind(new java.net.InetSocketAddress(donde, p));
            } catch (IOException e) {
                throw new IllegalStateException(servidor + ".port " + p + " on " + donde + " cannot be used ("
                        + e.getMessage() + "): another process holds it (an instance still stopping?). Stop it,"
                        + " or give this instance another port (" + variable(servidor + ".port") + ")", e);
            }
        }
    }

    /**
     * Each setting of the file that an environment variable overrides becomes that system
     * property: Camel reads placeholders with the environment first, but binds some settings
     * ({@code camel.server.port}, ...) from the file and {@code -D} only, so CAMEL_SERVER_PORT
     * passed the port check and the server bound the file's port.
     */
    private static void variablesDelEntorno(Properties archivo) {
        for (String clave : archivo.stringPropertyNames()) {
            String valor = System.getenv(variable(clave));
            if (valor != null) {
                System.setProperty(clave, valor.trim());
            }
        }
    }

    /** config/application.properties as written, or null when there is none to read. */
    private static Properties archivo() throws IOException {
        Path configuracion = Path.of("config/application.properties");
        if (!Files.isReadable(configuracion)) {
            return null;
        }
        Properties archivo = new Properties();
        try (Reader r = Files.newBufferedReader(configuracion)) {
            archivo.load(r);
        }
        return archivo;
    }

    /** The environment variable that overrides a setting: GREMIO_DATA_DIR for gremio.data.dir. */
    private static String variable(String clave) {
        return clave.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A setting as Camel reads it: the environment (GREMIO_DATA_DIR), then -D, then the file. */
    private static String ajuste(Properties archivo, String clave) {
        String valor = System.getenv(variable(clave));
        if (valor == null) {
            valor = System.getProperty(clave, archivo.getProperty(clave, ""));
        }
        return valor.trim();
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
