package cl.gremio;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cl.gremio.almacen.Almacen;
import cl.gremio.almacen.Estadisticas;
import cl.gremio.almacen.Filas;
import cl.gremio.almacen.Lotes;
import cl.gremio.almacen.Publicacion;
import cl.gremio.almacen.RechazoDelAlmacen;
import cl.gremio.almacen.Repartos;
import cl.gremio.almacen.SaludAlmacen;
import cl.gremio.almacen.Turnos;
import cl.gremio.entrada.Acceso;
import cl.gremio.entrada.FormularioAntiguo;
import cl.gremio.entrada.Esquemas;
import cl.gremio.entrada.Lector;
import cl.gremio.entrada.Limite;
import cl.gremio.entrada.Validador;
import cl.gremio.kafka.ConsumoVentas;
import cl.gremio.kafka.CopiaDlt;
import cl.gremio.kafka.Disposicion;
import cl.gremio.kafka.EmbeddedKafka;
import cl.gremio.kafka.RegistrosDeVenta;
import cl.gremio.kafka.RetrasoConsumidores;
import cl.gremio.kafka.Topicos;
import cl.gremio.web.LimitesHttp;
import cl.gremio.web.Paginacion;
import cl.gremio.web.Paginas;
import cl.gremio.web.Respuestas;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClosedException;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.sql.SqlComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routes cannot say: which Kafka cluster to use (starting the embedded broker when
 * none is configured), that our topics exist, the SQL store and the beans the routes call.
 * Runs before Camel applies {@code camel.component.*} settings, so those still apply.
 */
public class GremioConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GremioConfiguration.class);

    /**
     * Every bean bound below, by name: what a route may call with {@code ref:}. {@code validar}
     * checks the routes against this list; binding a name it lacks fails the start, so the two
     * cannot drift apart.
     */
    public static final List<String> BEANS = List.of("acceso", "validador", "lector", "rechazoDelAlmacen",
            "loteVentas", "loteUbicaciones", "loteStock", "registrosDeVenta", "formularioAntiguo", "limite",
            "paginas", "respuestas", "filas", "estadisticas", "paginacion", "turnos", "consumoVentas", "repartos",
            "dataSource", "vertx", "copiaDlt", "saludAlmacen", "disposicion", "publicacion");

    @Override
    public void configure(CamelContext context) throws Exception {
        nombrarInstancia(context);
        rolConocido(setting(context, "gremio.rol"));
        Path dataDir = Path.of(setting(context, "gremio.data.dir"));
        // first, before the broker and the store: a start refused for want of a password is quick
        ligar(context.getRegistry(), "acceso", Acceso.desde(setting(context, "gremio.admin.usuario"),
                optional(context, "gremio.admin.clave"), dataDir));
        vertx(context);
        ZoneId zona = ZoneId.of(setting(context, "gremio.zona"));
        String brokers = kafka(context, dataDir);
        Disposicion disposicion = disposicion(context);
        topicos(context, brokers, disposicion);
        HikariDataSource ds = almacen(context, dataDir);
        // whether the store can take what would be acknowledged: writes ask it, consumers tell it
        SaludAlmacen saludAlmacen = new SaludAlmacen(ds, ds.getJdbcUrl(),
                Long.parseLong(setting(context, "gremio.almacen.sondeo-ms")));
        saludAlmacen.setCamelContext(context);
        context.addService(saludAlmacen, true);

        Registry registry = context.getRegistry();
        Duration atraso = Duration.ofSeconds(Long.parseLong(setting(context, "gremio.hora.max-atraso-segundos")));
        Validador validador = new Validador(Esquemas.de(Esquemas.CARPETA), zona, atraso,
                Duration.ofSeconds(Long.parseLong(setting(context, "gremio.hora.max-adelanto-segundos"))),
                Integer.parseInt(setting(context, "camel.server.max-body-size")));
        ligar(registry, "validador", validador);
        Lector lector = new Lector(validador);
        ligar(registry, "lector", lector);
        ligar(registry, "rechazoDelAlmacen", new RechazoDelAlmacen());
        ligar(registry, "copiaDlt", new CopiaDlt(Integer.parseInt(setting(context, "gremio.dlt.max-bytes"))));
        ligar(registry, "saludAlmacen", saludAlmacen);
        ligar(registry, "loteVentas", Lotes.ventas(ds, lector, disposicion.contenidosPorTopico("ventas")).vigilado(saludAlmacen));
        ligar(registry, "loteUbicaciones", Lotes.ubicaciones(ds, lector, disposicion.contenidosPorTopico("ubicacion"))
                .vigilado(saludAlmacen));
        Repartos repartos = new Repartos(ds, zona, Integer.parseInt(setting(context, "gremio.reparto.tamano")),
                Duration.ofMillis(Long.parseLong(setting(context, "gremio.reparto.espera-max"))));
        ligar(registry, "repartos", repartos);
        ligar(registry, "loteStock", Lotes.stock(ds, lector, repartos, disposicion.contenidosPorTopico("stock"))
                .vigilado(saludAlmacen));
        ligar(registry, "registrosDeVenta", new RegistrosDeVenta(disposicion));
        ligar(registry, "formularioAntiguo", new FormularioAntiguo(validador));
        ligar(registry, "limite", new Limite(Integer.parseInt(setting(context, "gremio.http.limite-por-minuto")),
                Integer.parseInt(setting(context, "gremio.http.limite-ventana-segundos"))));
        ligar(registry, "paginas", paginas(context));
        ligar(registry, "respuestas", new Respuestas(Integer.parseInt(setting(context, "gremio.http.retry-after"))));
        ligar(registry, "filas", new Filas(zona));
        Paginacion paginacion = Paginacion.con(k -> setting(context, k));
        ligar(registry, "paginacion", paginacion);
        ligar(registry, "estadisticas", Estadisticas.con(ds, zona, atraso, dataDir, paginacion, k -> setting(context, k)));
        ligar(registry, "turnos", new Turnos(ds, zona));
        ligar(registry, "publicacion", new Publicacion(ds, zona, dataDir.resolve("reportes")));
        ConsumoVentas consumoVentas = new ConsumoVentas(brokers, setting(context, "gremio.grupo.ventas"),
                disposicion.leidos("ventas"), ds, zona);
        ligar(registry, "consumoVentas", consumoVentas);
        context.addService(consumoVentas, true);

        HealthCheckRegistry salud = HealthCheckRegistry.get(context);
        if (salud != null) {
            salud.register(saludAlmacen);
        }
        Map<String, List<String>> topicoPorGrupo = new LinkedHashMap<>();
        for (String flujo : Disposicion.flujos()) {
            topicoPorGrupo.put(setting(context, "gremio.grupo." + flujo), disposicion.leidos(flujo));
        }
        topicoPorGrupo.put(setting(context, "gremio.grupo.miembros"), List.of(setting(context, "gremio.topico.miembros")));
        context.addService(new RetrasoConsumidores(context, brokers, topicoPorGrupo), true);
        // Startup listeners are called again each time routes are added to the running context (a
        // reload): what they install, they install once, at the start
        context.addStartupListener((ctx, yaEnMarcha) -> {
            if (!yaEnMarcha) {
                cuerpoIlegible(ctx);
                // with camel.main.routes-reload-enabled: a broken edit of routes/ is refused, what ran keeps running
                RecargaDeRutas.instalar(ctx);
            }
        });
    }

    /** gremio.rol must name a role (docs/escala.md): its routes are the ones {@code gremio.rol.<rol>.excluye} leaves. */
    static void rolConocido(String rol) {
        if (!List.of("completo", "ingesta", "consumo").contains(rol)) {
            throw new IllegalStateException("gremio.rol is '" + rol + "': it must be completo, ingesta or consumo");
        }
    }

    /**
     * Vert.x refuses some bodies before any route sees them, with a plain-text page (and, for a
     * form it cannot decode, a stack trace in the log): a body over camel.server.max-body-size
     * (413), a form with a broken percent-escape, an empty name or a field over 8 KiB (400).
     * Answer them like every other refusal instead: JSON saying what is wrong.
     */
    private static void cuerpoIlegible(CamelContext context) {
        String limite = setting(context, "camel.server.max-body-size");
        String demasiadoGrande = "{\"error\": \"el cuerpo supera " + limite + " bytes; envíe uno más pequeño\", \"campo\": null}";
        String ilegible = "{\"error\": \"" + Validador.FORMULARIO_ILEGIBLE + " o un campo de más de 8 KiB\", \"campo\": null}";
        int puerto = Integer.parseInt(setting(context, "camel.server.port"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(puerto));
        if (router == null) {
            return; // no HTTP server (camel.server.enabled = false)
        }
        router.route().failureHandler(rc -> {
            if (rc.failure() instanceof HttpClosedException) {
                // the client left, or a limit of LimitesHttp closed it mid-body: no one to answer, and
                // an ERROR line per closed connection would let a flood of them flood the log too
                return;
            }
            int estado = rc.statusCode();
            if ((estado == 413 || estado == 400) && !rc.response().headWritten()) {
                rc.response().setStatusCode(estado).putHeader("Content-Type", "application/json; charset=UTF-8")
                        .end(estado == 413 ? demasiadoGrande : ilegible);
            } else {
                rc.next();
            }
        });
    }

    /**
     * The Vert.x instance Camel's HTTP servers take from the registry (with camel.beans.vertxOptions),
     * wrapped so that each server keeps the gremio.http.* connection limits. Closed after the
     * context stopped: the servers on it are stopped by then.
     */
    private static void vertx(CamelContext context) {
        VertxOptions opciones = context.getRegistry().findSingleByType(VertxOptions.class);
        int maximoGestion = Integer.parseInt(setting(context, "gremio.http.max-conexiones-gestion"));
        LimitesHttp limites = new LimitesHttp(segundos(context, "gremio.http.ocioso-segundos"),
                segundos(context, "gremio.http.cabeceras-segundos"), segundos(context, "gremio.http.cuerpo-segundos"),
                segundos(context, "gremio.http.escritura-segundos"),
                Integer.parseInt(setting(context, "gremio.http.salida-por-conexion-bytes")),
                Long.parseLong(setting(context, "gremio.http.salida-total-bytes")),
                Integer.parseInt(setting(context, "camel.server.port")),
                LimitesHttp.maximoSegunDescriptores(Integer.parseInt(setting(context, "gremio.http.max-conexiones")),
                        Integer.parseInt(setting(context, "gremio.http.reserva-descriptores")), maximoGestion,
                        LimitesHttp.limiteDeDescriptores()),
                maximoGestion);
        Vertx vertx = limites.envolver(Vertx.vertx(opciones == null ? new VertxOptions() : opciones));
        ligar(context.getRegistry(), "vertx", vertx);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext camelContext) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("Vert.x did not close within 10 s: {}", e.toString());
                }
            }
        });
    }

    private static Duration segundos(CamelContext context, String key) {
        return Duration.ofMillis(Math.round(Double.parseDouble(setting(context, key)) * 1000));
    }

    /** gremio.instancia names this instance in logs and in the scheduled-work lock; pid@host by default. */
    private static void nombrarInstancia(CamelContext context) {
        if (optional(context, "gremio.instancia").isBlank()) {
            context.getPropertiesComponent().addOverrideProperty("gremio.instancia",
                    ManagementFactory.getRuntimeMXBean().getName());
        }
    }

    /** The brokers to use; starts the embedded one when gremio.kafka.brokers is empty. */
    private static String kafka(CamelContext context, Path dataDir) throws Exception {
        String brokers = optional(context, "gremio.kafka.brokers");
        if (brokers.isBlank()) {
            EmbeddedKafka broker = new EmbeddedKafka(dataDir.resolve("kafka"),
                    Integer.parseInt(setting(context, "gremio.kafka.embedded.port")),
                    Integer.parseInt(setting(context, "gremio.kafka.embedded.controller-port")));
            broker.start();
            context.addService(broker, true);
            brokers = broker.bootstrapServers();
        } else {
            LOG.info("Using the Kafka cluster at {} (gremio.kafka.brokers); no embedded broker", brokers);
        }
        context.getComponent("kafka", KafkaComponent.class).getConfiguration().setBrokers(brokers);
        return brokers;
    }

    /**
     * The topic layout (gremio.kafka.disposicion), bound for the routes, and what each flow's
     * consumer reads as {@code gremio.lectura.<flujo>} (the routes' {{placeholders}}).
     */
    private static Disposicion disposicion(CamelContext context) {
        Disposicion disposicion = Disposicion.publicar(context, k -> setting(context, k));
        ligar(context.getRegistry(), "disposicion", disposicion);
        LOG.info("Topic layout {}{}", disposicion.nombre(),
                disposicion.particionada() ? " with " + disposicion.particiones() + " partitions per content" : "");
        return disposicion;
    }

    /** Our topics and their dead-letter topics ({@code <topic>.DLT}), in the layout; nothing of the other left unread. */
    private static void topicos(CamelContext context, String brokers, Disposicion disposicion) {
        Map<String, List<String>> otra = new LinkedHashMap<>();
        // an ingesta instance reads nothing, so it leaves nothing unread: it may switch first (docs/escala.md)
        if (!setting(context, "gremio.rol").equals("ingesta")) {
            disposicion.deLaOtra().forEach((flujo, topicos) -> otra.put(setting(context, "gremio.grupo." + flujo), topicos));
        }
        new Topicos(brokers).asegurar(disposicion, disposicion.topicos(), otra);
    }

    private static HikariDataSource almacen(CamelContext context, Path dataDir) throws Exception {
        String url = optional(context, "gremio.db.url");
        HikariDataSource ds = Almacen.abrir(url.isBlank() ? Almacen.urlPorDefecto(dataDir) : url,
                optional(context, "gremio.db.user"), optional(context, "gremio.db.password"), conexiones(context));
        context.getComponent("sql", SqlComponent.class).setDataSource(ds);
        ligar(context.getRegistry(), "dataSource", ds);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                ds.close();
            }
        }, true);
        return ds;
    }

    /**
     * The store's pool follows the consumer threads: each of the three flows' consumers
     * (camel.component.kafka.consumers-count each) and the members' two hold a connection for a
     * poll's transaction, the statistics' computations one each, and the read API and the
     * scheduled work a few more (gremio.db.conexiones-extra); gremio.db.conexiones if larger.
     */
    static int conexiones(CamelContext context) {
        int hilos = Integer.parseInt(setting(context, "camel.component.kafka.consumers-count"));
        int necesarias = 3 * hilos + 2 + Integer.parseInt(setting(context, "gremio.estadisticas.calculos-simultaneos"))
                + Integer.parseInt(setting(context, "gremio.db.conexiones-extra"));
        int conexiones = Math.max(necesarias, Integer.parseInt(setting(context, "gremio.db.conexiones")));
        LOG.info("SQL pool of {} connections ({} consumer thread(s) per flow)", conexiones, hilos);
        return conexiones;
    }

    private static void ligar(Registry registry, String nombre, Object bean) {
        if (!BEANS.contains(nombre)) {
            throw new IllegalStateException("Bean " + nombre + " is not in GremioConfiguration.BEANS: add it there");
        }
        registry.bind(nombre, bean);
    }

    /** The pages, with what the map and the panel read from GET /api/ajustes (gremio.mapa.*, gremio.panel.*). */
    private static Paginas paginas(CamelContext context) {
        String teselas = optional(context, "gremio.mapa.teselas");
        Map<String, Object> mapa = new LinkedHashMap<>();
        mapa.put("teselas", teselas);
        mapa.put("atribucion", optional(context, "gremio.mapa.atribucion"));
        mapa.put("latitud", Double.parseDouble(setting(context, "gremio.mapa.latitud")));
        mapa.put("longitud", Double.parseDouble(setting(context, "gremio.mapa.longitud")));
        mapa.put("zoom", Integer.parseInt(setting(context, "gremio.mapa.zoom")));
        mapa.put("refrescoMs", Long.parseLong(setting(context, "gremio.mapa.refresco-ms")));
        return new Paginas(teselas, Map.of("mapa", mapa,
                "panel", Map.of("estadisticasMs", Long.parseLong(setting(context, "gremio.panel.estadisticas-ms")))));
    }

    private static String setting(CamelContext context, String key) {
        String value = optional(context, key);
        if (value.isBlank()) {
            throw new IllegalStateException("Setting " + key + " is missing: add it to config/application.properties");
        }
        return value;
    }

    private static String optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("").trim();
    }
}
