package cl.gremio;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm-up before Gremio takes its first request. The JVM compiles code while it runs, and on
 * two cores a fresh process spends its first 20-40 s of load mostly compiling (BENCHMARKS.md,
 * "Cold start"). So before the real instance starts, a private one runs in the same JVM, with
 * its own data dir ({@code calentamiento/} inside the real one), embedded broker, H2 store and
 * free ports, and takes sales over real HTTP: the code the JIT compiles for it is the code the
 * real instance runs. Then it is stopped and its data deleted; nothing of it reaches the real
 * topics or store.
 */
final class Calentamiento {

    private static final Logger LOG = LoggerFactory.getLogger(Calentamiento.class);
    private static final int CONEXIONES = 64;
    /** The longest warm-up a setting may ask for (seconds). */
    static final int MAXIMO = 600;

    private Calentamiento() {
    }

    /**
     * Runs the warm-up: {@code segundos} of sales, in {@code dir}, which it empties first (what
     * a kill -9 left) and deletes at the end. A failure is logged and the real start goes on.
     */
    static void correr(int segundos, Path dir) {
        // one warm-up per data dir: a second process would empty this one's files under its broker
        Path cerrojo = dir.resolveSibling(dir.getFileName() + ".lock");
        try {
            Files.createDirectories(dir.toAbsolutePath().getParent()); // a first start: the data dir is not there yet
        } catch (IOException e) {
            LOG.warn("The warm-up could not create {} ({}); starting without it", dir.getParent(), e.toString());
            return;
        }
        try (FileChannel canal = FileChannel.open(cerrojo, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock propio = tomar(canal)) {
            if (propio == null) {
                LOG.warn("Another process is warming up in {} (it holds {}): starting without a warm-up", dir, cerrojo);
                return;
            }
            calentar(segundos, dir);
        } catch (IOException e) {
            LOG.warn("The warm-up could not lock {} ({}); starting without it", cerrojo, e.toString());
        }
    }

    private static FileLock tomar(FileChannel canal) throws IOException {
        try {
            return canal.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this very JVM
        }
    }

    private static void calentar(int segundos, Path dir) {
        LOG.info("Warming up before taking requests: a private instance in {} takes {} s of sales, then Gremio"
                + " starts (about 15 s more in all; gremio.calentamiento.segundos=0 starts at once)", dir, segundos);
        // the private instance's start and its thousands of practice deliveries are not the
        // operator's business: only warnings (its broker's first-start and shutdown notices not
        // even those), and this class's progress lines
        Level nivel = LogManager.getRootLogger().getLevel();
        Map<String, Level> kafka = new LinkedHashMap<>();
        for (String nombre : List.of("kafka", "org.apache.kafka")) {
            kafka.put(nombre, LogManager.getLogger(nombre).getLevel());
            Configurator.setLevel(nombre, Level.ERROR);
        }
        Configurator.setRootLevel(Level.WARN);
        Configurator.setLevel(LOG.getName(), Level.INFO);
        Main main = null;
        try {
            borrar(dir);
            Files.createDirectories(dir);
            int puerto = puertoLibre();
            main = privada(dir, puerto);
            main.start();
            cargar(puerto, Duration.ofSeconds(segundos));
        } catch (Exception e) {
            LOG.warn("The warm-up stopped early ({}); starting anyway", e.toString());
        } finally {
            // its broker must be down before its files go, or Kafka halts the JVM
            if (main == null || detener(main)) {
                borrar(dir);
            }
            Configurator.setRootLevel(nivel);
            kafka.forEach(Configurator::setLevel);
        }
    }

    /**
     * The private instance. Its settings beat -D and environment settings meant for the real
     * one; file settings fill the rest. Its consumer groups and topics carry a prefix of their
     * own, so that even a file setting that led it to a real cluster could take no real record.
     */
    private static Main privada(Path dir, int puerto) throws IOException {
        Main main = Gremio.configurar(new Main() {
            @Override
            protected CamelContext createCamelContext() {
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
        // no JVM hook of its own: it would keep the stopped instance in memory
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        int broker = puertoLibre();
        Map<String, String> ajustes = new LinkedHashMap<>();
        ajustes.put("gremio.data.dir", dir.toString());
        ajustes.put("gremio.instancia", "calentamiento");
        // a password of its own: otherwise the private instance would print a generated one
        ajustes.put("gremio.admin.clave", UUID.randomUUID().toString());
        ajustes.put("gremio.kafka.brokers", "");
        ajustes.put("camel.component.kafka.brokers", "127.0.0.1:" + broker);
        ajustes.put("gremio.kafka.embedded.port", String.valueOf(broker));
        ajustes.put("gremio.kafka.embedded.controller-port", String.valueOf(puertoLibre()));
        ajustes.put("gremio.db.url", "");
        ajustes.put("gremio.db.user", "");
        ajustes.put("gremio.db.password", "");
        for (String flujo : List.of("miembros", "ventas", "ubicacion", "stock")) {
            ajustes.put("gremio.topico." + flujo, "calentamiento-" + flujo);
            ajustes.put("gremio.grupo." + flujo, "calentamiento-" + flujo);
        }
        ajustes.put("gremio.desarrollo", "false");
        ajustes.put("gremio.http.limite-por-minuto", "0");
        ajustes.put("camel.server.host", "127.0.0.1");
        ajustes.put("camel.server.port", String.valueOf(puerto));
        ajustes.put("camel.management.host", "127.0.0.1");
        ajustes.put("camel.management.port", String.valueOf(puertoLibre()));
        ajustes.forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * Stops the private instance and every service it started (the broker, the store), also
     * when its start failed half-way, which Camel's stop does not cover. True when all stopped.
     */
    private static boolean detener(Main main) {
        boolean todo = true;
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the warm-up instance: {}", e.toString());
        }
        CamelContext context = main.getCamelContext();
        if (context != null) {
            List<Service> servicios = new ArrayList<>(context.hasServices(Service.class));
            Collections.reverse(servicios);
            for (Service servicio : servicios) {
                try {
                    servicio.stop();
                } catch (RuntimeException e) {
                    LOG.warn("Stopping the warm-up's {}: {}", servicio, e.toString());
                    todo = false;
                }
            }
        }
        return todo;
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
                    vender(puerto, conexion, () -> System.nanoTime() < fin && falla.get() == null, aceptadas);
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
            Thread.sleep(Math.max(1, Math.min(5000, TimeUnit.NANOSECONDS.toMillis(fin - System.nanoTime()))));
            long ahora = aceptadas.get();
            LOG.info("Warm-up: {} sales stored so far, {} s to go", ahora,
                    Math.max(0, TimeUnit.NANOSECONDS.toSeconds(fin - System.nanoTime())));
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
    private static void vender(int puerto, int conexion, BooleanSupplier seguir, AtomicLong aceptadas) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", puerto)) {
            socket.setSoTimeout(10_000);
            OutputStream salida = new BufferedOutputStream(socket.getOutputStream());
            InputStream entrada = new BufferedInputStream(socket.getInputStream());
            for (long n = 0; seguir.getAsBoolean(); n++) {
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
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> todo = Files.walk(dir)) {
            todo.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the warm-up's data at {}: {}", dir, e.toString());
        }
    }
}
