package cl.gremio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cl.gremio.rutas.ValidadorDeRutas;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.Producer;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.direct.DirectConsumer;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteDefinitionHelper;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Live reload of {@code routes/*.camel.yaml} (camel.main.routes-reload-enabled) that never stops
 * what ran. Camel 4.18's own reload removes every route before loading the edited file (or, with
 * remove-all-routes off, stops the file's routes before creating the new ones), so a broken edit
 * leaves routes missing until the next good edit. Here an edited file is parsed first, only the
 * routes whose YAML changed are replaced, and a failure puts back the last version that ran:
 * a broken edit is refused with file, line and reason in the log.
 *
 * <p>A templatedRoute is a route like any other here, replaced by its routeId. An edited
 * routeTemplate replaces the template and every route made from it, whichever file holds them.
 *
 * <p>Replacing only what changed matters for HTTP: an untouched platform-http route never leaves
 * the router. A replaced {@code direct:} route makes its callers wait for it (the direct
 * component blocks up to 30 s for a consumer), so a request in between is answered, just later.
 * A replaced Kafka consumer route stops after its poll is stored and committed; what it had not
 * committed is read again by the new one, and keyed writes make that a no-op.
 */
public final class RecargaDeRutas implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(RecargaDeRutas.class);

    /** How long a replaced direct: route may take to finish the exchanges inside it (a Kafka send: up to 12 s). */
    static final long DRENAJE_MAX_MS = 15_000;
    /** The stop of a replaced route once it is drained (a Kafka consumer's poll in progress). */
    static final long PARADA_MAX_S = 30;

    private final CamelContext context;
    /** The watched directory: the whole set of route files is checked before an edit is applied. */
    private final Path dir;
    /** Per file (absolute path): the text that runs now, the last one loaded successfully. */
    private final Map<Path, String> vigentes = new LinkedHashMap<>();
    /** Per file: the last text refused, so an editor's second write event does not try it again. */
    private final Map<Path, String> rechazados = new LinkedHashMap<>();

    private RecargaDeRutas(CamelContext context, Path dir) {
        this.context = context;
        this.dir = dir;
    }

    /** Takes over Camel's route watcher, when reload is on; remembers the files as they started. */
    static void instalar(CamelContext context) {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null) {
            return; // camel.main.routes-reload-enabled = false
        }
        Path dir = Path.of(watcher.getFolder()).toAbsolutePath().normalize();
        RecargaDeRutas recarga = new RecargaDeRutas(context, dir);
        try (Stream<Path> archivos = Files.list(dir)) {
            for (Path p : (Iterable<Path>) archivos.filter(RecargaDeRutas::esRuta)::iterator) {
                recarga.vigentes.put(p, Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the routes directory " + dir, e);
        }
        // checked once now: says at start what validar would say, and loads the YAML DSL's schema
        // (seconds, the first time) before the first edit, which is then served within the 5 s; for
        // the same reason each file goes once through the parsing a reload does (nothing is added)
        try {
            for (Map.Entry<Path, String> archivo : recarga.vigentes.entrySet()) {
                rutasPorId(archivo.getValue(), true);
                recarga.constructor("file:" + archivo.getKey(), archivo.getValue());
            }
            List<ValidadorDeRutas.Falla> fallas = ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES).fallas();
            if (!fallas.isEmpty()) {
                LOG.warn("The routes in {} have faults; an edit is refused until they are fixed: {}", dir,
                        fallas.stream().map(Object::toString).collect(Collectors.joining("; ")));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot check the routes in " + dir + ": " + e.getMessage(), e);
        }
        watcher.setResourceReload(recarga);
        LOG.info("Live reload of routes in {}: a broken edit is refused and the routes that ran keep running", dir);
    }

    private static boolean esRuta(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    @Override
    public void onReload(String name, Resource resource) throws Exception {
        Path archivo = Path.of(name).toAbsolutePath().normalize();
        if (!esRuta(archivo)) {
            return;
        }
        if (!Files.exists(archivo)) {
            LOG.warn("Route file {} was deleted: its routes keep running until the next restart", archivo);
            return;
        }
        String texto = estable(archivo);
        String anterior = vigentes.getOrDefault(archivo, "");
        if (texto.equals(rechazados.get(archivo))) {
            return; // an editor's second write event
        }
        if (texto.equals(anterior)) {
            if (rechazados.remove(archivo) != null) {
                LOG.info("Route file {} is back to the version that runs", archivo);
            }
            return; // a touch, or a refused edit undone
        }
        // what validar checks, over every file: ids unique across files, direct: targets, beans,
        // placeholders, the YAML DSL's schema (a route taken by another file's id would otherwise
        // silently replace that file's route); each other file as the version of it that runs (a
        // refused edit on disk does not run), a file deleted or renamed not at all (its routes are
        // taken over by id by the file that now holds them)
        Map<Path, String> textos = new LinkedHashMap<>();
        vigentes.forEach((p, t) -> {
            if (Files.exists(p)) {
                textos.put(p, t);
            }
        });
        textos.put(archivo, texto);
        List<ValidadorDeRutas.Falla> fallas = ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES, textos).fallas();
        if (!fallas.isEmpty()) {
            rechazados.put(archivo, texto);
            ValidadorDeRutas.Falla primera = fallas.stream().filter(f -> f.archivo().toAbsolutePath().normalize()
                    .equals(archivo)).findFirst().orElse(fallas.get(0));
            boolean aqui = primera.archivo().toAbsolutePath().normalize().equals(archivo);
            LOG.error("Route file {} refused at line {}: {}. The routes that ran before keep running.{}",
                    archivo, aqui ? primera.linea() : "? (" + primera.archivo() + ":" + primera.linea() + ")",
                    primera.mensaje(), fallas.size() > 1
                            ? " All faults: " + fallas.stream().map(Object::toString).collect(Collectors.joining("; "))
                            : "");
            return;
        }
        try {
            aplicar(archivo, anterior, texto);
            vigentes.put(archivo, texto);
            // another file refused before may pass now: its next save (even unchanged) is tried again
            rechazados.clear();
        } catch (Exception e) {
            rechazados.put(archivo, texto);
            LOG.error("Route file {} refused at line {}: {}. The routes that ran before keep running.",
                    archivo, linea(e, texto), motivo(e));
            LOG.debug("Refused reload of {}", archivo, e);
        }
    }

    /** The file's text once two reads 100 ms apart agree: an editor may still be writing it. */
    private static String estable(Path archivo) throws Exception {
        String texto = Files.readString(archivo, StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(100);
            String otra = Files.readString(archivo, StandardCharsets.UTF_8);
            if (otra.equals(texto)) {
                return texto;
            }
            texto = otra;
        }
        return texto;
    }

    private void aplicar(Path archivo, String anterior, String texto) throws Exception {
        Map<String, Object> antes = rutasPorId(anterior, false);
        // a syntax error throws here, with its line, before anything is touched
        Map<String, Object> ahora = rutasPorId(texto, true);
        boolean otrosCambios = !Objects.equals(antes.get(""), ahora.get(""));
        Set<String> plantillas = new LinkedHashSet<>();
        for (String clave : union(antes.keySet(), ahora.keySet())) {
            if (clave.startsWith(PLANTILLA) && !Objects.equals(antes.get(clave), ahora.get(clave))) {
                plantillas.add(clave.substring(PLANTILLA.length()));
            }
        }
        Set<String> cambiadas = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : ahora.entrySet()) {
            if (esRutaDelMapa(e.getKey()) && (otrosCambios || !Objects.equals(antes.get(e.getKey()), e.getValue())
                    || plantillas.contains(plantillaDe(e.getValue())))) {
                cambiadas.add(e.getKey());
            }
        }
        Set<String> quitadas = new LinkedHashSet<>(antes.keySet());
        quitadas.removeAll(ahora.keySet());
        quitadas.removeIf(clave -> !esRutaDelMapa(clave));
        // the routes other files make from an edited template: replaced as well, from the files as they run
        Map<Path, Set<String>> dependientes = new LinkedHashMap<>();
        if (!plantillas.isEmpty()) {
            vigentes.forEach((otro, textoOtro) -> {
                if (!otro.equals(archivo)) {
                    rutasPorId(textoOtro, false).forEach((id, ruta) -> {
                        if (esRutaDelMapa(id) && plantillas.contains(plantillaDe(ruta))) {
                            dependientes.computeIfAbsent(otro, o -> new LinkedHashSet<>()).add(id);
                        }
                    });
                }
            });
        }

        // the new version, parsed by Camel's YAML DSL (an unknown step throws here, with its line)
        String ubicacion = "file:" + archivo;
        RouteBuilder nueva = constructor(ubicacion, texto);
        for (RouteDefinition r : nueva.getRouteCollection().getRoutes()) {
            if (r.getRouteId() == null || !ahora.containsKey(r.getRouteId())) {
                throw new IllegalArgumentException("every route needs an id (routes are replaced by id)");
            }
        }
        if (cambiadas.isEmpty() && quitadas.isEmpty() && !otrosCambios && plantillas.isEmpty()) {
            return;
        }
        // every endpoint a changed route names, resolved before anything is touched: an unknown
        // option (kafka:...?noSuchOption=1) is refused here, not after the old route came down
        for (RouteDefinition r : nueva.getRouteCollection().getRoutes()) {
            if (cambiadas.contains(r.getRouteId())) {
                for (String uri : RouteDefinitionHelper.gatherAllStaticEndpointUris(context, r, true, true)) {
                    try {
                        // gathered normalised: its {{placeholders}} come back encoded
                        context.getEndpoint(uri.replaceAll("(?i)%7B", "{").replaceAll("(?i)%7D", "}"));
                    } catch (RuntimeException e) {
                        throw new FailedToCreateRouteException(r.getRouteId(), ubicacion, uri, e);
                    }
                }
            }
        }
        Set<String> tocadas = new LinkedHashSet<>(cambiadas);
        tocadas.addAll(quitadas);
        dependientes.values().forEach(tocadas::addAll);
        List<Antesala> antesalas = new ArrayList<>();
        try {
            // every route touched is stopped and removed here, drained first; Camel's own replacement
            // (updateRoutesToCamelContext on an existing id) would stop it with the 45 s default timeout
            for (String id : tocadas) {
                quitar(id, antesalas);
            }
            abrir(antesalas);
            reemplazar(nueva, cambiadas, otrosCambios, true);
            for (Map.Entry<Path, Set<String>> otro : dependientes.entrySet()) {
                reemplazar(constructor("file:" + otro.getKey(), vigentes.get(otro.getKey())), otro.getValue(), false,
                        false);
            }
        } catch (Exception e) {
            abrir(antesalas);
            volverAtras(ubicacion, anterior, tocadas, otrosCambios, dependientes);
            throw e;
        }
        Set<String> reemplazadas = new LinkedHashSet<>(cambiadas);
        dependientes.values().forEach(reemplazadas::addAll);
        LOG.info("Route file {} reloaded: replaced {}{}{}", archivo, reemplazadas.isEmpty() ? "none" : reemplazadas,
                quitadas.isEmpty() ? "" : ", removed " + quitadas,
                plantillas.isEmpty() ? "" : ", templates " + plantillas);
        if (otrosCambios) {
            LOG.warn("Route file {}: a change outside its routes (a routeConfiguration, say) reaches routes of other"
                    + " files when they are next reloaded or at restart", archivo);
        }
    }

    /** Puts back the routes of the last version that ran, in place of whatever the failed one left. */
    private void volverAtras(String ubicacion, String anterior, Set<String> tocadas, boolean otrosCambios,
            Map<Path, Set<String>> dependientes) {
        List<Antesala> antesalas = new ArrayList<>();
        try {
            for (String id : tocadas) {
                quitar(id, antesalas);
            }
            abrir(antesalas);
            Map<String, Object> antes = rutasPorId(anterior, false);
            Set<String> devolver = new LinkedHashSet<>(tocadas);
            devolver.retainAll(antes.keySet());
            reemplazar(constructor(ubicacion, anterior), devolver, otrosCambios, true);
            for (Map.Entry<Path, Set<String>> otro : dependientes.entrySet()) {
                reemplazar(constructor("file:" + otro.getKey(), vigentes.get(otro.getKey())), otro.getValue(), false,
                        false);
            }
        } catch (Exception e) {
            abrir(antesalas);
            LOG.error("Could not put back the previous routes {} of {}: {}", tocadas, ubicacion, e.getMessage(), e);
        }
    }

    private void quitar(String id, List<Antesala> antesalas) throws Exception {
        Route ruta = context.getRoute(id);
        if (ruta == null) {
            return;
        }
        if (ruta.getConsumer() instanceof DirectConsumer directo) {
            // A direct: route under steady traffic never drains by itself (its consumer defers its
            // shutdown, so the stop waits its whole timeout while callers keep arriving, then stops the
            // route's processors under the exchanges still inside: 500s). Instead: take the consumer
            // off its endpoint and put a waiting room in its place, where new callers wait for the
            // next route; let the exchanges already inside finish (the stop then has nothing to wait
            // for); and only then stop and remove the route.
            directo.suspend();
            antesalas.add(Antesala.en(directo.getEndpoint()));
            long fin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRENAJE_MAX_MS);
            // a caller that took the consumer just before it was suspended enters the route a moment later
            Thread.sleep(50);
            while (context.getInflightRepository().size(id) > 0 && System.nanoTime() < fin) {
                Thread.sleep(10);
            }
            if (context.getInflightRepository().size(id) > 0) {
                LOG.warn("Route {}: {} exchanges still inside after {} ms; stopping it anyway", id,
                        context.getInflightRepository().size(id), DRENAJE_MAX_MS);
            }
        }
        // the route's own stop with a short timeout (a Kafka consumer finishes, stores and commits its poll
        // within it; a longer poll is read again by the next route, and keyed writes make that a no-op)
        context.getRouteController().stopRoute(id, PARADA_MAX_S, TimeUnit.SECONDS);
        if (!context.removeRoute(id)) {
            throw new IllegalStateException("route " + id + " could not be removed");
        }
    }

    /** Lets the callers held in the waiting rooms on to the routes that are about to start. */
    private static void abrir(List<Antesala> antesalas) {
        antesalas.forEach(Antesala::abrir);
        antesalas.clear();
    }

    /**
     * Stands in for a direct: route being replaced, so that callers stop reaching the old one while
     * it drains. Suspending the old consumer is not enough in Camel 4.18: a DirectProducer shared
     * by several threads records the endpoint's new state before the consumer it looks up, and while
     * one caller blocks waiting for a consumer, the others keep using the old one they had (seen:
     * five seconds of callers entering a suspended route, which the stop then waited for). With a
     * waiting room registered the lookup returns at once. Callers held here go on, once it is open,
     * through a producer of their own that waits (camel.component.direct.timeout) for the next route.
     * A caller whose thread had looked the old consumer up and was then descheduled past the drain
     * can still reach the stopped route: it gets 503 with Retry-After (routes/errores.camel.yaml).
     */
    private static final class Antesala {
        private final Consumer consumidor;
        private final Producer siguiente;
        private final CountDownLatch abierta = new CountDownLatch(1);

        private Antesala(DirectEndpoint endpoint) throws Exception {
            // the same direct: name, looked up in short waits, so that a stopping application is noticed
            String nombre = endpoint.getEndpointUri();
            DirectEndpoint corto = new DirectEndpoint(nombre.contains("?") ? nombre.substring(0, nombre.indexOf('?')) : nombre,
                    (DirectComponent) endpoint.getComponent());
            corto.setBlock(true);
            corto.setTimeout(100);
            siguiente = corto.createProducer();
            CamelContext context = endpoint.getCamelContext();
            consumidor = endpoint.createConsumer(exchange -> {
                // while this room is registered, the producer below would find the room itself; a
                // stopping application answers at once instead of holding its shutdown for the wait
                long fin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getTimeout());
                while (!abierta.await(100, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() > fin || context.isStopping()) {
                        throw new DirectConsumerNotAvailableException("route being replaced: " + endpoint, exchange);
                    }
                }
                while (true) {
                    try {
                        siguiente.process(exchange);
                        return;
                    } catch (DirectConsumerNotAvailableException e) {
                        if (System.nanoTime() > fin || context.isStopping()) {
                            throw e; // the next route did not come (the application stops): 503
                        }
                    }
                }
            });
        }

        static Antesala en(DirectEndpoint endpoint) throws Exception {
            Antesala sala = new Antesala(endpoint);
            ServiceHelper.startService(sala.siguiente, sala.consumidor);
            return sala;
        }

        void abrir() {
            ServiceHelper.stopService(consumidor);
            abierta.countDown();
            // the producer keeps serving callers that were in the room; it holds no resources
        }
    }

    /**
     * Adds (replacing by id) only the given routes of a parsed file, templatedRoutes among them;
     * with {@code plantillas}, the file's templates first (Camel's model would keep the old one too).
     */
    private void reemplazar(RouteBuilder builder, Set<String> ids, boolean configuraciones, boolean plantillas)
            throws Exception {
        Model modelo = context.getCamelContextExtension().getContextPlugin(Model.class);
        List<RouteTemplateDefinition> suyas = builder.getRouteTemplateCollection().getRouteTemplates();
        if (plantillas) {
            for (RouteTemplateDefinition plantilla : suyas) {
                modelo.removeRouteTemplateDefinitions(plantilla.getId());
            }
            modelo.addRouteTemplateDefinitions(suyas);
        }
        suyas.clear(); // else updateRoutesToCamelContext adds them once more
        builder.getRouteCollection().getRoutes().removeIf(r -> !ids.contains(r.getRouteId()));
        if (configuraciones && builder instanceof org.apache.camel.RouteConfigurationsBuilder rcb) {
            rcb.updateRouteConfigurationsToCamelContext(context);
        }
        if (!builder.getRouteCollection().getRoutes().isEmpty()) {
            builder.updateRoutesToCamelContext(context);
        }
        for (TemplatedRouteDefinition ruta : builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
            if (ids.contains(ruta.getRouteId())) {
                modelo.addRouteFromTemplatedRoute(ruta);
            }
        }
    }

    private RouteBuilder constructor(String ubicacion, String texto) throws Exception {
        Resource recurso = ResourceHelper.fromString(ubicacion, texto);
        List<RouteBuilder> builders = new ArrayList<>();
        for (RoutesBuilder b : PluginHelper.getRoutesLoader(context).findRoutesBuilders(recurso)) {
            if (b instanceof RouteBuilder rb) {
                builders.add(rb);
            }
        }
        if (builders.size() != 1) {
            throw new IllegalStateException("expected one YAML routes builder, got " + builders.size());
        }
        RouteBuilder builder = builders.get(0);
        builder.configureRoutes(context);
        return builder;
    }

    /** A template's key in {@link #rutasPorId}: not a route id (those have no spaces). */
    private static final String PLANTILLA = "plantilla ";

    private static boolean esRutaDelMapa(String clave) {
        return !clave.isEmpty() && !clave.startsWith(PLANTILLA);
    }

    /** The template a templatedRoute's YAML names; null for a route. */
    private static String plantillaDe(Object ruta) {
        return ruta instanceof Map<?, ?> m && m.get("routeTemplateRef") != null ? m.get("routeTemplateRef").toString()
                : null;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> todas = new LinkedHashSet<>(a);
        todas.addAll(b);
        return todas;
    }

    /**
     * Each route's YAML by its id (a templatedRoute's by its routeId), each template's under
     * "plantilla " + its id; everything else in the file (configurations, beans) under "".
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> rutasPorId(String texto, boolean exigirIds) {
        Map<String, Object> rutas = new LinkedHashMap<>();
        List<Object> otros = new ArrayList<>();
        Object doc = texto.isBlank() ? null : new Load(LoadSettings.builder().build()).loadFromString(texto);
        if (doc != null && !(doc instanceof List)) {
            throw new IllegalArgumentException("a routes file is a YAML list (each item starts with '- ')");
        }
        for (Object item : doc == null ? List.of() : (List<Object>) doc) {
            if (item instanceof Map<?, ?> m && m.size() == 1 && m.get("routeTemplate") instanceof Map<?, ?> plantilla
                    && plantilla.get("id") != null) {
                rutas.put(PLANTILLA + plantilla.get("id"), plantilla);
            } else if (item instanceof Map<?, ?> m && m.size() == 1
                    && (m.get("route") instanceof Map<?, ?> || m.get("templatedRoute") instanceof Map<?, ?>)) {
                Map<?, ?> ruta = (Map<?, ?>) (m.get("route") != null ? m.get("route") : m.get("templatedRoute"));
                Object id = ruta.get(m.get("route") != null ? "id" : "routeId");
                if (id == null) {
                    if (exigirIds) {
                        throw new IllegalArgumentException("every route needs an id (routes are replaced by id)");
                    }
                    otros.add(item);
                } else {
                    rutas.put(id.toString(), ruta);
                }
            } else {
                otros.add(item);
            }
        }
        rutas.put("", otros);
        return rutas;
    }

    /** The line at fault: YAML's own mark, else the line of the route that failed to be created or started. */
    static String linea(Throwable e, String texto) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                return String.valueOf(m.getProblemMark().get().getLine() + 1);
            }
        }
        String id = null;
        for (Throwable t = e; t != null && id == null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException f) {
                id = f.getRouteId();
            } else if (t instanceof FailedToStartRouteException f) {
                id = f.getRouteId();
            }
        }
        if (id != null) {
            Matcher m = Pattern.compile("(?m)^\\s*(?:id|routeId):\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*$").matcher(texto);
            if (m.find()) {
                return (texto.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1)
                        + " (route " + id + ")";
            }
            return "? (route " + id + ")";
        }
        return "?";
    }

    /** The reason in one line: YAML's problem, else the innermost message. */
    static String motivo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                return unaLinea(m.getProblem());
            }
        }
        Throwable raiz = e;
        while (raiz.getCause() != null && raiz.getCause() != raiz) {
            raiz = raiz.getCause();
        }
        String msg = raiz.getMessage() == null ? raiz.getClass().getSimpleName() : raiz.getMessage();
        return unaLinea(raiz == e ? msg : e.getClass().getSimpleName() + ": " + msg);
    }

    private static String unaLinea(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
