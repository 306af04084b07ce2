package cl.gremio.web;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP limits (gremio.http.* in config/application.properties): how many connections may be
 * open, and how long a connection may idle, send a request's head or body, or leave its answer
 * unread ({@link ConexionVigilada}). Camel's Vert.x server builds its own server options and
 * offers no hook for them; it takes the Vert.x instance from the registry, so the instance bound
 * there ({@link #envolver}) puts these limits on every HTTP server it creates.
 */
public final class LimitesHttp {

    private static final Logger LOG = LoggerFactory.getLogger(LimitesHttp.class);
    private static final long AVISO_CADA_NS = Duration.ofMinutes(1).toNanos();
    /** the fewest connections the cap goes down to, whatever ulimit -n says */
    static final int MINIMO = 64;

    private final ConexionVigilada.Plazos plazos;
    private final int puertoPublico;
    private final int maximo;
    private final int maximoGestion;
    private final AtomicInteger abiertas = new AtomicInteger();
    private final AtomicInteger abiertasGestion = new AtomicInteger();
    private final AtomicLong rechazadas = new AtomicLong();
    /** answer bytes waiting for their clients to read them, over all connections */
    private final AtomicLong encolados = new AtomicLong();
    private final long presupuesto;
    private volatile long ultimoAviso = System.nanoTime() - AVISO_CADA_NS;

    /**
     * @param salidaBytes   answer bytes in Netty (direct memory) per connection at most
     * @param presupuesto   answer bytes waiting for their clients, over all connections, at most
     * @param puertoPublico the carts' port (camel.server.port), held to {@code maximo} connections;
     *                      any other (the management port) to {@code maximoGestion}
     */
    public LimitesHttp(Duration ocioso, Duration cabeceras, Duration cuerpo, Duration escritura, int salidaBytes,
            long presupuesto, int puertoPublico, int maximo, int maximoGestion) {
        this.presupuesto = presupuesto;
        this.plazos = new ConexionVigilada.Plazos(ocioso.toNanos(), cabeceras.toNanos(), cuerpo.toNanos(),
                escritura.toNanos(), salidaBytes);
        this.puertoPublico = puertoPublico;
        this.maximo = maximo;
        this.maximoGestion = maximoGestion;
    }

    /**
     * The cap on the carts' connections: the one asked for, lowered when the process's file
     * descriptor limit (ulimit -n) would not leave {@code reserva} descriptors to the broker, the
     * store and the jars, and the management port's connections. Each connection holds one
     * descriptor; running out of them once made the embedded broker fail its log dir and the
     * process exit. Never below {@link #MINIMO}: a low ulimit gets a WARN asking to raise it.
     *
     * @param limite the process's limit ({@link #limiteDeDescriptores()}); 0 or less: unknown
     */
    public static int maximoSegunDescriptores(int pedido, int reserva, int maximoGestion, long limite) {
        if (limite <= 0) {
            return pedido;
        }
        long disponibles = limite - reserva - maximoGestion;
        if (pedido <= disponibles) {
            return pedido;
        }
        int maximo = (int) Math.max(Math.min(pedido, MINIMO), disponibles);
        LOG.warn("HTTP connections capped at {}, not gremio.http.max-conexiones = {}: the process may open {} files "
                + "(ulimit -n) and keeps {} for the broker and the store (gremio.http.reserva-descriptores) and {} "
                + "for the management port{}", maximo, pedido, limite, reserva, maximoGestion,
                disponibles < MINIMO ? "; raise ulimit -n (the process holds ~300 descriptors at rest)" : "");
        return maximo;
    }

    /** How many files this process may open, or -1 where the JVM does not say. */
    public static long limiteDeDescriptores() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** How many files this process has open now, or -1 where the JVM does not say. */
    public static long descriptoresAbiertos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1;
    }

    public int maximo() {
        return maximo;
    }

    /** A Vert.x instance whose HTTP servers keep these limits; closing it closes {@code vertx}. */
    public Vertx envolver(Vertx vertx) {
        return new VertxConLimites((VertxInternal) vertx);
    }

    /** Every new connection: refused at once beyond the cap, otherwise watched until it closes. */
    private void conexion(HttpConnection conexion) {
        if (!(conexion instanceof ConnectionBase base)) {
            return;
        }
        Channel canal = base.channel();
        boolean publica = canal.localAddress() instanceof InetSocketAddress local && local.getPort() == puertoPublico;
        AtomicInteger contador = publica ? abiertas : abiertasGestion;
        canal.closeFuture().addListener(f -> contador.decrementAndGet());
        if (contador.incrementAndGet() > (publica ? maximo : maximoGestion)) {
            canal.close();
            avisarRechazo(publica);
            return;
        }
        ChannelPipeline pipeline = canal.pipeline();
        if (pipeline.get("httpEncoder") == null) {
            return; // not HTTP/1.x (the server allows nothing else)
        }
        ConexionVigilada vigilada = new ConexionVigilada(canal, plazos, encolados, presupuesto);
        pipeline.addFirst("gremio-bytes", vigilada.bytes);
        pipeline.addAfter("httpEncoder", "gremio-peticiones", vigilada.peticiones);
        vigilada.vigilar();
    }

    /** One line a minute at most: a flood of refused connections must not flood the log too. */
    private void avisarRechazo(boolean publica) {
        rechazadas.incrementAndGet();
        long ahora = System.nanoTime();
        long antes = ultimoAviso;
        if (ahora - antes >= AVISO_CADA_NS) {
            ultimoAviso = ahora;
            long enEsteAviso = rechazadas.getAndSet(0);
            LOG.warn("{} HTTP connection(s) refused since the last notice: {} connections open on the {} port ({})",
                    enEsteAviso, publica ? maximo : maximoGestion, publica ? "public" : "management",
                    publica ? "gremio.http.max-conexiones" : "gremio.http.max-conexiones-gestion");
        }
    }

    /**
     * Plain HTTP/1.x only: the connection limits live in its pipeline. Cleartext HTTP/2 (h2c) is
     * refused; it also put off our view of a connection until its first bytes.
     */
    private final class VertxConLimites extends VertxWrapper {

        VertxConLimites(VertxInternal delegate) {
            super(delegate);
        }

        @Override
        public HttpServer createHttpServer(HttpServerOptions options) {
            HttpServer server = delegate.createHttpServer(new HttpServerOptions(options).setHttp2ClearTextEnabled(false));
            server.connectionHandler(LimitesHttp.this::conexion);
            return server;
        }

        @Override
        public HttpServer createHttpServer() {
            return createHttpServer(new HttpServerOptions());
        }
    }
}
