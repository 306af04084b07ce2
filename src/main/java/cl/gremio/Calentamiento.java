package cl.gremio;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm-up before Gremio takes its first request. The JVM compiles code while it runs, and on
 * two cores a fresh process spends its first 20-30 s of load mostly compiling (BENCHMARKS.md,
 * "Cold start"). So before the real instance starts, a private one runs in the same JVM on a
 * temporary data dir, its own embedded broker, its own H2 store and free ports, and takes sales
 * over real HTTP: the code the JIT compiles for it is the code the real instance runs. Then it
 * is stopped and its data deleted; nothing of it reaches the real topics or store.
 */
final class Calentamiento {

    private static final Logger LOG = LoggerFactory.getLogger(Calentamiento.class);
    private static final int CONEXIONES = 64;

    private Calentamiento() {
    }

    /** Runs the warm-up for the given seconds; a failure is logged and the real start goes on. */
    static void correr(int segundos) {
        if (segundos <= 0) {
            return;
        }
        LOG.info("Warming up for {} s on a private broker and store before taking requests"
                + " (gremio.calentamiento.segundos; 0 starts at once)", segundos);
        Path dir = null;
        Main main = null;
        Thread borrarAlSalir = null;
        try {
            dir = Files.createTempDirectory("gremio-calentamiento");
            // a stop (SIGTERM) during the warm-up must not leave its data behind either
            Path temporal = dir;
            borrarAlSalir = new Thread(() -> borrar(temporal), "calentamiento-borrar");
            Runtime.getRuntime().addShutdownHook(borrarAlSalir);
            int puerto = puertoLibre();
            main = Gremio.configurar(new Main() {
                @Override
                protected CamelContext createCamelContext() {
                    // the settings below must beat -D and environment overrides meant for the
                    // real instance (its data dir, its ports): theirs only fill what is unset
                    CamelContext context = super.createCamelContext();
                    PropertiesComponent propiedades = (PropertiesComponent) context.getPropertiesComponent();
                    propiedades.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK);
                    propiedades.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
                    return context;
                }
            });
            // Camel Main applies camel.* -D and environment settings by itself, after these
            main.configure().setAutoConfigurationSystemPropertiesEnabled(false);
            main.configure().setAutoConfigurationEnvironmentVariablesEnabled(false);
            main.addOverrideProperty("gremio.data.dir", dir.toString());
            main.addOverrideProperty("gremio.instancia", "calentamiento");
            main.addOverrideProperty("gremio.kafka.brokers", "");
            main.addOverrideProperty("gremio.kafka.embedded.port", String.valueOf(puertoLibre()));
            main.addOverrideProperty("gremio.kafka.embedded.controller-port", String.valueOf(puertoLibre()));
            main.addOverrideProperty("gremio.db.url", "");
            main.addOverrideProperty("gremio.desarrollo", "false");
            main.addOverrideProperty("camel.main.startup-summary-level", "Off");
            main.addOverrideProperty("gremio.http.limite-por-minuto", "0");
            main.addOverrideProperty("camel.server.host", "127.0.0.1");
            main.addOverrideProperty("camel.server.port", String.valueOf(puerto));
            main.addOverrideProperty("camel.management.host", "127.0.0.1");
            main.addOverrideProperty("camel.management.port", String.valueOf(puertoLibre()));
            main.start();
            cargar(puerto, Duration.ofSeconds(segundos));
        } catch (Exception e) {
            LOG.warn("The warm-up stopped early ({}); starting anyway", e.toString());
        } finally {
            if (main != null) {
                try {
                    main.stop();
                } catch (Exception e) {
                    LOG.warn("Stopping the warm-up instance: {}", e.toString());
                }
            }
            borrar(dir);
            if (borrarAlSalir != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(borrarAlSalir);
                } catch (IllegalStateException yaSaliendo) {
                    // the JVM is stopping: the hook runs, and finds nothing left to delete
                }
            }
        }
        esperarAlCompilador();
    }

    /**
     * The compilers work through a queue that the load filled faster than two cores empty it:
     * wait until they have been idle for a second (at most 30 s), so that the first requests of
     * the real instance do not share the CPU with them.
     */
    private static void esperarAlCompilador() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long inicio = System.nanoTime();
        long antes = -1;
        try {
            while (jit.getTotalCompilationTime() != antes && System.nanoTime() - inicio < TimeUnit.SECONDS.toNanos(30)) {
                antes = jit.getTotalCompilationTime();
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Warm-up: the compilers finished {} s after the load", (System.nanoTime() - inicio) / 1_000_000_000);
    }

    /**
     * Sales over {@value #CONEXIONES} keep-alive connections for the given time, with a line of
     * progress every 5 s. A plain socket client: it costs the JVM little to compile, so the
     * warm-up's CPU goes to the code that will serve the carts.
     */
    private static void cargar(int puerto, Duration duracion) throws Exception {
        long fin = System.nanoTime() + duracion.toNanos();
        AtomicLong aceptadas = new AtomicLong();
        AtomicReference<String> falla = new AtomicReference<>();
        List<Thread> hilos = new ArrayList<>();
        for (int i = 0; i < CONEXIONES; i++) {
            int conexion = i;
            Thread hilo = new Thread(() -> {
                try {
                    vender(puerto, conexion, fin, aceptadas);
                } catch (IOException | RuntimeException e) {
                    falla.compareAndSet(null, e.toString());
                }
            }, "calentamiento-" + i);
            hilo.setDaemon(true);
            hilo.start();
            hilos.add(hilo);
        }
        long vistas = -1;
        long ultimoAvance = System.nanoTime();
        while (System.nanoTime() < fin && falla.get() == null) {
            Thread.sleep(5000);
            long ahora = aceptadas.get();
            LOG.info("Warm-up: {} sales stored so far", ahora);
            if (ahora != vistas) {
                vistas = ahora;
                ultimoAvance = System.nanoTime();
            } else if (System.nanoTime() - ultimoAvance > TimeUnit.SECONDS.toNanos(15)) {
                falla.compareAndSet(null, "no sale was stored for 15 s");
            }
        }
        for (Thread hilo : hilos) {
            hilo.join(TimeUnit.SECONDS.toMillis(15));
        }
        if (falla.get() != null) {
            throw new IllegalStateException(falla.get());
        }
        LOG.info("Warm-up done: {} sales stored by the private instance; starting Gremio", aceptadas.get());
    }

    /** One connection's sales, each answered before the next is sent. */
    private static void vender(int puerto, int conexion, long fin, AtomicLong aceptadas) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", puerto)) {
            socket.setSoTimeout(10_000);
            OutputStream salida = new BufferedOutputStream(socket.getOutputStream());
            InputStream entrada = new BufferedInputStream(socket.getInputStream());
            for (long n = 0; System.nanoTime() < fin; n++) {
                byte[] cuerpo = ("{\"id\":\"calentamiento-" + conexion + "-" + n + "\",\"carrito\":\"C-" + (n % 5)
                        + "\",\"cliente\":\"cliente " + (n % 50) + "\",\"cantidad\":" + (1 + n % 5) + ",\"stock\":"
                        + (n % 40) + ",\"latitud\":-33.45,\"longitud\":-70.66}").getBytes(StandardCharsets.UTF_8);
                salida.write(("POST /api/ventas HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + cuerpo.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                salida.write(cuerpo);
                salida.flush();
                if (respuesta(entrada) == 202) {
                    aceptadas.incrementAndGet();
                }
            }
        }
    }

    /** Reads one answer and returns its status; the body, whole or in chunks, is skipped. */
    private static int respuesta(InputStream entrada) throws IOException {
        int estado = -1;
        int largo = 0;
        boolean porPartes = false;
        for (String linea = linea(entrada); !linea.isEmpty(); linea = linea(entrada)) {
            String minusculas = linea.toLowerCase(Locale.ROOT);
            if (estado < 0) {
                estado = Integer.parseInt(linea.substring(9, 12));
            } else if (minusculas.startsWith("content-length:")) {
                largo = Integer.parseInt(linea.substring(15).trim());
            } else if (minusculas.startsWith("transfer-encoding:") && minusculas.contains("chunked")) {
                porPartes = true;
            }
        }
        if (!porPartes) {
            entrada.skipNBytes(largo);
            return estado;
        }
        for (int parte = Integer.parseInt(linea(entrada).trim(), 16); parte > 0;
                parte = Integer.parseInt(linea(entrada).trim(), 16)) {
            entrada.skipNBytes(parte);
            linea(entrada);
        }
        linea(entrada);
        return estado;
    }

    private static String linea(InputStream entrada) throws IOException {
        StringBuilder linea = new StringBuilder();
        for (int c = entrada.read(); c != '\n'; c = entrada.read()) {
            if (c < 0) {
                throw new EOFException("the warm-up instance closed the connection");
            }
            if (c != '\r') {
                linea.append((char) c);
            }
        }
        return linea.toString();
    }

    private static int puertoLibre() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void borrar(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> todo = Files.walk(dir)) {
            todo.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the warm-up's data at {}: {}", dir, e.toString());
        }
    }
}
