package cl.gremio.rutas;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cl.gremio.GremioConfiguration;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gremio validar [DIR]}: checks the route files before they are deployed, without starting
 * anything. Each {@code *.camel.yaml} against the YAML DSL's JSON schema (shipped in
 * camel-yaml-dsl), then what a schema cannot see across files: ids unique, every {@code direct:}
 * used has a route reading it, every bean named is bound, every placeholder has a setting. A
 * {@code templatedRoute} is checked as the route it makes: its template's route with the
 * parameters put in, each fault at the template's line.
 */
public final class ValidadorDeRutas {

    /** A fault, where an integrator finds it: file, line (1-based) and what is wrong. */
    public record Falla(Path archivo, int linea, String mensaje) {
        @Override
        public String toString() {
            return archivo + ":" + linea + ": " + mensaje;
        }
    }

    /** What was checked and what is wrong with it. */
    public record Resultado(int archivos, int rutas, List<Falla> fallas) {
    }

    public static final Path AJUSTES = Path.of("config/application.properties");

    private static final String ESQUEMA = "schema/camelYamlDsl.json";
    private static final Pattern MARCADOR = Pattern.compile("\\{\\{(.+?)}}");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    // compiling the 800 KB schema takes a while: once per JVM
    private static Schema esquema;

    private ValidadorDeRutas() {
    }

    /** The command line: {@code validar [DIR]}; the exit code (0 all holds, 1 a fault). */
    public static int ejecutar(String[] args, PrintStream salida, PrintStream errores) {
        if (args.length > 1) {
            errores.println("usage: java -jar gremio.jar validar [DIR]   (DIR defaults to routes)");
            return 1;
        }
        Path dir = Path.of(args.length == 1 ? args[0] : "routes");
        Resultado resultado;
        try {
            resultado = validar(dir, AJUSTES);
        } catch (IOException e) {
            errores.println(dir + ": cannot be read: " + e.getMessage());
            return 1;
        }
        resultado.fallas().forEach(errores::println);
        if (!resultado.fallas().isEmpty()) {
            errores.println(resultado.fallas().size() + " fault(s) in " + resultado.archivos() + " files in " + dir);
            return 1;
        }
        salida.println("Checked " + resultado.archivos() + " files and " + resultado.rutas() + " routes in " + dir
                + ": no faults");
        return 0;
    }

    /** Checks every {@code *.camel.yaml} in {@code dir}, with the settings in {@code ajustes}. */
    public static Resultado validar(Path dir, Path ajustes) throws IOException {
        return validar(dir, ajustes, Map.of());
    }

    /**
     * The same, with some files taken as the given texts instead of what is on disk (by absolute
     * path; a file given that is no longer on disk is checked too): live reload checks an edit
     * against the routes that run, not against other files' refused edits.
     */
    public static Resultado validar(Path dir, Path ajustes, Map<Path, String> textos) throws IOException {
        Properties propiedades = new Properties();
        try (Reader r = Files.newBufferedReader(ajustes, StandardCharsets.UTF_8)) {
            propiedades.load(r);
        }
        List<Path> archivos = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().forEach(archivos::add);
        }
        Set<Path> enDisco = archivos.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        textos.keySet().stream().filter(p -> !enDisco.contains(p) && p.getFileName().toString().endsWith(".camel.yaml"))
                .sorted().forEach(archivos::add);
        if (archivos.isEmpty()) {
            return new Resultado(0, 0, List.of(new Falla(dir, 0, "no *.camel.yaml files to check")));
        }
        Recorrido recorrido = new Recorrido();
        boolean todosLeidos = true;
        List<Falla> fallas = new ArrayList<>();
        for (Path archivo : archivos) {
            List<Node> documentos = new ArrayList<>();
            String dado = textos.get(archivo.toAbsolutePath().normalize());
            try (Reader r = dado != null ? new java.io.StringReader(dado)
                    : Files.newBufferedReader(archivo, StandardCharsets.UTF_8)) {
                new Compose(LoadSettings.builder().setLabel(archivo.toString()).setSchema(new CoreSchema()).build())
                        .composeAllFromReader(r).forEach(documentos::add);
            } catch (MarkedYamlEngineException e) {
                fallas.add(new Falla(archivo, e.getProblemMark().map(m -> m.getLine() + 1).orElse(1),
                        "YAML syntax: " + e.getProblem()));
                todosLeidos = false;
                continue;
            } catch (YamlEngineException e) {
                fallas.add(new Falla(archivo, 1, "YAML syntax: " + e.getMessage()));
                todosLeidos = false;
                continue;
            }
            for (Node documento : documentos) {
                fallas.addAll(contraElEsquema(archivo, documento));
                recorrido.archivo = archivo;
                recorrido.recorrer(documento, "", false);
            }
        }
        fallas.addAll(recorrido.fallas(propiedades, ajustes, todosLeidos));
        // a fault in a template is found once per route made from it
        fallas = new ArrayList<>(new LinkedHashSet<>(fallas));
        fallas.sort(Comparator.comparing((Falla f) -> f.archivo().toString()).thenComparingInt(Falla::linea));
        return new Resultado(archivos.size(), recorrido.rutas, fallas);
    }

    /** The schema's errors, each at the line of the node it is about. */
    private static List<Falla> contraElEsquema(Path archivo, Node documento) {
        Map<String, Integer> lineas = new HashMap<>();
        JsonNode json = aJson(documento, "", linea(documento), lineas);
        Set<Falla> fallas = new LinkedHashSet<>();
        for (Error error : loQueCamelRechaza(esquema().validate(json))) {
            String puntero = puntero(error.getInstanceLocation());
            String conPropiedad = error.getProperty() == null ? null : puntero + "/" + error.getProperty();
            int linea = conPropiedad != null && lineas.containsKey(conPropiedad)
                    ? lineas.get(conPropiedad) : lineaMasCercana(puntero, lineas);
            fallas.add(new Falla(archivo, linea, legible(error.getInstanceLocation()) + error.getMessage()));
        }
        return new ArrayList<>(fallas);
    }

    /**
     * The schema's errors that Camel would refuse too, without the noise of alternatives. Camel
     * converts scalars ({@code redeliveryDelay: 1000} where the schema says string, a
     * {@code "{{placeholder}}"} where it says number). Of a oneOf/anyOf the branches of another
     * type (a mapping written where one branch takes a string) say nothing; the others say what
     * is wrong, better than "0 are valid".
     */
    private static List<Error> loQueCamelRechaza(List<Error> errores) {
        Set<Error> aceptados = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Error> ruido = Collections.newSetFromMap(new IdentityHashMap<>());
        errores.stream().filter(ValidadorDeRutas::camelLoConvierte).forEach(aceptados::add);
        // the innermost alternatives first: an accepted inner one makes its branch valid
        List<Error> alternativas = errores.stream()
                .filter(e -> e.getKeyword().equals("oneOf") || e.getKeyword().equals("anyOf"))
                .sorted(Comparator.comparingInt((Error e) -> e.getEvaluationPath().getNameCount()).reversed())
                .toList();
        for (Error alternativa : alternativas) {
            String base = alternativa.getEvaluationPath() + "/";
            Map<String, List<Error>> ramas = new LinkedHashMap<>();
            for (Error e : errores) {
                String camino = e.getEvaluationPath().toString();
                // evaluation paths name no array index: two steps' errors share them
                if (camino.startsWith(base) && e.getInstanceLocation().startsWith(alternativa.getInstanceLocation())) {
                    ramas.computeIfAbsent(camino.substring(base.length()).split("/")[0], r -> new ArrayList<>()).add(e);
                }
            }
            List<Error> deLaAlternativa = ramas.values().stream().flatMap(List::stream).toList();
            if (ramas.values().stream().anyMatch(aceptados::containsAll)) {
                aceptados.add(alternativa);
                aceptados.addAll(deLaAlternativa);
                continue;
            }
            List<List<Error>> utiles = ramas.values().stream()
                    .filter(rama -> rama.stream().noneMatch(e -> e.getKeyword().equals("type")
                            && e.getInstanceLocation().equals(alternativa.getInstanceLocation())))
                    .toList();
            if (!utiles.isEmpty()) {
                deLaAlternativa.stream().filter(e -> utiles.stream().noneMatch(r -> r.contains(e))).forEach(ruido::add);
            }
            if (!ramas.isEmpty()) {
                ruido.add(alternativa);
            }
        }
        return errores.stream().filter(e -> !aceptados.contains(e) && !ruido.contains(e)).toList();
    }

    /** A scalar where the schema wants another scalar type, that Camel converts when it reads the route. */
    private static boolean camelLoConvierte(Error error) {
        if (!error.getKeyword().equals("type") || error.getArguments() == null || error.getArguments().length < 2
                || error.getInstanceNode() == null || error.getInstanceNode().isContainer()
                || error.getInstanceNode().isNull()) {
            return false;
        }
        String texto = error.getInstanceNode().asString();
        return switch (String.valueOf(error.getArguments()[1])) {
            case "string" -> true;
            case "boolean" -> texto.contains("{{") || texto.equalsIgnoreCase("true") || texto.equalsIgnoreCase("false");
            case "number", "integer" -> texto.contains("{{") || texto.matches("-?\\d+(\\.\\d+)?");
            default -> false;
        };
    }

    private static synchronized Schema esquema() {
        if (esquema == null) {
            try (InputStream in = ValidadorDeRutas.class.getClassLoader().getResourceAsStream(ESQUEMA)) {
                if (in == null) {
                    throw new IllegalStateException(ESQUEMA + " is not on the classpath (camel-yaml-dsl)");
                }
                esquema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + ESQUEMA, e);
            }
        }
        return esquema;
    }

    /**
     * The YAML as JSON, typed as YAML's core schema types it (a plain 500 is a number, "500" a
     * string), noting the line of each node by its JSON pointer: for a mapping's value, its key's line.
     */
    private static JsonNode aJson(Node nodo, String puntero, int lineaDelNodo, Map<String, Integer> lineas) {
        lineas.put(puntero, lineaDelNodo);
        if (nodo instanceof MappingNode mapa) {
            ObjectNode objeto = JSON.objectNode();
            for (NodeTuple par : mapa.getValue()) {
                String clave = texto(par.getKeyNode());
                objeto.set(clave, aJson(par.getValueNode(), puntero + "/" + escapar(clave), linea(par.getKeyNode()),
                        lineas));
            }
            return objeto;
        }
        if (nodo instanceof SequenceNode lista) {
            ArrayNode arreglo = JSON.arrayNode();
            List<Node> elementos = lista.getValue();
            for (int i = 0; i < elementos.size(); i++) {
                arreglo.add(aJson(elementos.get(i), puntero + "/" + i, linea(elementos.get(i)), lineas));
            }
            return arreglo;
        }
        ScalarNode escalar = (ScalarNode) nodo;
        String valor = escalar.getValue();
        Tag tag = escalar.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return JSON.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                return JSON.booleanNode(Boolean.parseBoolean(valor.toLowerCase()));
            }
            if (tag.equals(Tag.INT)) {
                return JSON.numberNode(new BigInteger(valor.replace("_", "")));
            }
            if (tag.equals(Tag.FLOAT)) {
                return JSON.numberNode(Double.parseDouble(valor));
            }
        } catch (NumberFormatException e) {
            // 0x1F and the like: the schema sees the text as written
        }
        return JSON.textNode(valor);
    }

    private static String puntero(NodePath ruta) {
        StringBuilder puntero = new StringBuilder();
        for (int i = 0; i < ruta.getNameCount(); i++) {
            puntero.append('/').append(escapar(String.valueOf(ruta.getElement(i))));
        }
        return puntero.toString();
    }

    /** The node as an integrator reads it: {@code [0].route.from.steps[4].to: }. */
    private static String legible(NodePath ruta) {
        StringBuilder texto = new StringBuilder();
        for (int i = 0; i < ruta.getNameCount(); i++) {
            Object elemento = ruta.getElement(i);
            texto.append(elemento instanceof Integer n ? "[" + n + "]" : "." + elemento);
        }
        return texto.isEmpty() ? "" : texto + ": ";
    }

    private static int lineaMasCercana(String puntero, Map<String, Integer> lineas) {
        String p = puntero;
        while (!lineas.containsKey(p) && !p.isEmpty()) {
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return lineas.getOrDefault(p, 1);
    }

    private static String escapar(String clave) {
        return clave.replace("~", "~0").replace("/", "~1");
    }

    private static String texto(Node nodo) {
        return nodo instanceof ScalarNode escalar ? escalar.getValue() : "";
    }

    private static int linea(Node nodo) {
        return nodo.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    /** Where something is named: its file and line, and the node naming it. */
    private record Uso(String nombre, Path archivo, int linea, String nodo) {
        String donde() {
            return archivo + ":" + linea;
        }
    }

    /** What the files name, gathered over all of them, then checked against each other. */
    private static final class Recorrido {

        Path archivo;
        int rutas;
        final Map<String, List<Uso>> ids = new LinkedHashMap<>();
        final Set<String> directLeidos = new HashSet<>();
        final List<Uso> directUsados = new ArrayList<>();
        final Set<String> beansDeclarados = new HashSet<>();
        final List<Uso> beansUsados = new ArrayList<>();
        final List<Uso> marcadores = new ArrayList<>();
        final Set<String> configuraciones = new HashSet<>();
        final List<Uso> configuracionesUsadas = new ArrayList<>();
        final List<Uso> rutasSinId = new ArrayList<>();
        final List<Uso> clavesRepetidas = new ArrayList<>();
        /** Each routeTemplate's route by the template's id, and its parameters' defaults (null: required). */
        final Map<String, Node> plantillas = new HashMap<>();
        final Map<String, Map<String, String>> parametros = new HashMap<>();
        /** Each templatedRoute: the template it names, its parameters, where it is. */
        final List<Instancia> instancias = new ArrayList<>();
        /** While a template's route is walked for one templatedRoute: its parameters' values. */
        Map<String, String> valores = Map.of();

        record Instancia(Uso plantilla, String ruta, Map<String, String> valores) {
        }

        /**
         * {@code clave}: the key this node sits under (a list's items sit under the list's key);
         * endpoint parameters are the endpoint's, not ids or refs of the DSL.
         */
        void recorrer(Node nodo, String clave, boolean enParametros) {
            if (nodo instanceof ScalarNode escalar) {
                Matcher m = MARCADOR.matcher(conValores(escalar.getValue()));
                while (m.find()) {
                    marcadores.add(new Uso(m.group(1), archivo, linea(nodo), clave));
                }
            } else if (nodo instanceof SequenceNode lista) {
                lista.getValue().forEach(n -> recorrer(n, clave, enParametros));
            } else if (nodo instanceof MappingNode mapa) {
                Set<String> claves = new HashSet<>();
                for (NodeTuple par : mapa.getValue()) {
                    String k = texto(par.getKeyNode());
                    if (!claves.add(k)) {
                        clavesRepetidas.add(new Uso(k, archivo, linea(par.getKeyNode()), clave));
                    }
                    Node valor = par.getValueNode();
                    if (clave.isEmpty() && valor instanceof MappingNode definicion) {
                        if (k.equals("routeTemplate")) {
                            plantilla(definicion, linea(par.getKeyNode()));
                            continue;
                        }
                        if (k.equals("templatedRoute")) {
                            instancia(definicion, linea(par.getKeyNode()));
                            continue;
                        }
                    }
                    if ((k.equals("route") || k.equals("from")) && clave.isEmpty()) {
                        rutas++;
                        // live reload replaces routes by id; one without it cannot be replaced
                        if (k.equals("route") && valor instanceof MappingNode ruta && ruta.getValue().stream()
                                .noneMatch(t -> texto(t.getKeyNode()).equals("id"))) {
                            rutasSinId.add(new Uso("", archivo, linea(par.getKeyNode()), "route"));
                        }
                    }
                    if (valor instanceof ScalarNode escalar && !enParametros) {
                        nombrado(clave, k, conValores(escalar.getValue()), linea(valor));
                    }
                    recorrer(valor, k, enParametros || k.equals("parameters"));
                }
            }
        }

        /** A template: its id is an id like any other; its route is walked once per templatedRoute. */
        private void plantilla(MappingNode definicion, int linea) {
            Map<String, String> porDefecto = new LinkedHashMap<>();
            for (NodeTuple par : definicion.getValue()) {
                switch (texto(par.getKeyNode())) {
                    case "id" -> nombrado("routeTemplate", "id", texto(par.getValueNode()), linea(par.getValueNode()));
                    case "route" -> plantillas.put(valor(definicion, "id"), par.getValueNode());
                    case "parameters" -> {
                        for (Node p : ((SequenceNode) par.getValueNode()).getValue()) {
                            MappingNode parametro = (MappingNode) p;
                            porDefecto.put(valor(parametro, "name"), valor(parametro, "defaultValue"));
                        }
                    }
                    default -> {
                    }
                }
            }
            parametros.put(valor(definicion, "id"), porDefecto);
        }

        /** A templatedRoute is a route: its routeId an id; it is walked as its template's route, later. */
        private void instancia(MappingNode definicion, int linea) {
            rutas++;
            String ruta = valor(definicion, "routeId");
            if (ruta == null) {
                rutasSinId.add(new Uso("", archivo, linea, "templatedRoute"));
            } else {
                ids.computeIfAbsent(ruta, v -> new ArrayList<>()).add(new Uso(ruta, archivo, linea, "templatedRoute"));
            }
            Map<String, String> dados = new LinkedHashMap<>();
            for (NodeTuple par : definicion.getValue()) {
                if (texto(par.getKeyNode()).equals("parameters") && par.getValueNode() instanceof SequenceNode lista) {
                    for (Node p : lista.getValue()) {
                        dados.put(valor((MappingNode) p, "name"), valor((MappingNode) p, "value"));
                    }
                }
            }
            // the values as written: their own {{settings}} are checked here
            recorrer(definicion, "templatedRoute", true);
            instancias.add(new Instancia(new Uso(String.valueOf(valor(definicion, "routeTemplateRef")), archivo, linea,
                    "templatedRoute"), ruta, dados));
        }

        /** Each templatedRoute as the route it makes, once every file is read (a template may be in any). */
        List<Falla> instanciar(boolean todosLeidos) {
            List<Falla> fallas = new ArrayList<>();
            for (Instancia instancia : instancias) {
                Uso uso = instancia.plantilla();
                Node ruta = plantillas.get(uso.nombre());
                if (ruta == null) {
                    if (todosLeidos) {
                        fallas.add(new Falla(uso.archivo(), uso.linea(), "routeTemplateRef '" + uso.nombre()
                                + "' names no routeTemplate"));
                    }
                    continue;
                }
                Map<String, String> valores = new LinkedHashMap<>();
                List<Falla> deEsta = new ArrayList<>();
                parametros.get(uso.nombre()).forEach((nombre, porDefecto) -> {
                    String dado = instancia.valores().getOrDefault(nombre, porDefecto);
                    if (dado == null) {
                        deEsta.add(new Falla(uso.archivo(), uso.linea(), "parameter '" + nombre + "' of template '"
                                + uso.nombre() + "' is not given"));
                    }
                    valores.put(nombre, dado);
                });
                instancia.valores().keySet().stream().filter(n -> !valores.containsKey(n)).forEach(n -> deEsta.add(
                        new Falla(uso.archivo(), uso.linea(), "template '" + uso.nombre() + "' has no parameter '" + n
                                + "'")));
                fallas.addAll(deEsta);
                if (!deEsta.isEmpty()) {
                    continue; // Camel would not make this route: its steps say nothing more
                }
                archivo = plantillaDe(ruta);
                this.valores = valores;
                recorrer(ruta, "route", false);
                this.valores = Map.of();
            }
            return fallas;
        }

        private Path plantillaDe(Node ruta) {
            return Path.of(ruta.getStartMark().map(Mark::getName).orElse(""));
        }

        /** The text with the template's parameters put in, while a templatedRoute is walked. */
        private String conValores(String texto) {
            if (valores.isEmpty() || !texto.contains("{{")) {
                return texto;
            }
            Matcher m = MARCADOR.matcher(texto);
            StringBuilder con = new StringBuilder();
            while (m.find()) {
                String v = valores.get(m.group(1).trim());
                m.appendReplacement(con, Matcher.quoteReplacement(v != null ? v : m.group()));
            }
            return m.appendTail(con).toString();
        }

        private static String valor(MappingNode mapa, String clave) {
            return mapa.getValue().stream().filter(t -> texto(t.getKeyNode()).equals(clave)).findFirst()
                    .map(t -> texto(t.getValueNode())).orElse(null);
        }

        /** A scalar {@code k: valor} in a mapping that sits under {@code clave}. */
        private void nombrado(String clave, String k, String valor, int linea) {
            switch (k) {
                case "id" -> {
                    ids.computeIfAbsent(valor, v -> new ArrayList<>()).add(new Uso(valor, archivo, linea, clave));
                    if (clave.equals("routeConfiguration")) {
                        configuraciones.add(valor);
                    }
                }
                case "routeConfigurationId" -> configuracionesUsadas.add(new Uso(valor, archivo, linea, clave));
                case "ref" -> beansUsados.add(new Uso(valor, archivo, linea, clave));
                case "name" -> {
                    if (clave.equals("beans")) {
                        beansDeclarados.add(valor);
                    }
                }
                case "uri" -> {
                    if (clave.equals("from")) {
                        String leido = direct(valor);
                        if (leido != null) {
                            directLeidos.add(leido);
                        }
                    } else {
                        usoDeUri(valor, linea);
                    }
                }
                case "to", "toD" -> usoDeUri(valor, linea);
                default -> {
                }
            }
        }

        private void usoDeUri(String uri, int linea) {
            // a dynamic uri (toD's ${...}) is only known when a message passes
            if (uri.contains("${")) {
                return;
            }
            String destino = direct(uri);
            if (destino != null) {
                directUsados.add(new Uso(destino, archivo, linea, "direct"));
            } else if (uri.startsWith("bean:")) {
                beansUsados.add(new Uso(sinOpciones(uri.substring("bean:".length())), archivo, linea, "bean"));
            }
        }

        private static java.util.function.Predicate<Uso> distintoLugar(List<Uso> usos) {
            Set<String> vistos = new HashSet<>();
            return u -> vistos.add(u.donde());
        }

        private static String direct(String uri) {
            return uri.startsWith("direct:") ? sinOpciones(uri.substring("direct:".length())) : null;
        }

        private static String sinOpciones(String uri) {
            String nombre = uri.startsWith("//") ? uri.substring(2) : uri;
            int q = nombre.indexOf('?');
            return q < 0 ? nombre : nombre.substring(0, q);
        }

        /** {@code todosLeidos}: a file that could not be read may hold the route a direct: leads to. */
        List<Falla> fallas(Properties ajustes, Path archivoAjustes, boolean todosLeidos) {
            List<Falla> fallas = instanciar(todosLeidos);
            for (List<Uso> todos : ids.values()) {
                // a template's step counts once per route made from it: one place, several uses
                List<Uso> usos = todos.stream().filter(distintoLugar(todos)).toList();
                if (usos.size() == 1 && todos.size() > 1) {
                    Uso uso = usos.get(0);
                    fallas.add(new Falla(uso.archivo(), uso.linea(), "id '" + uso.nombre() + "' of this " + uso.nodo()
                            + " is the same in every route made from its template: put a parameter in it ({{flujo}})"));
                }
                if (usos.size() > 1) {
                    // at every place it is used: the integrator decides which one to rename
                    for (Uso uso : usos) {
                        String otros = usos.stream().filter(o -> o != uso).map(o -> o.nodo() + " at " + o.donde())
                                .collect(Collectors.joining(", "));
                        fallas.add(new Falla(uso.archivo(), uso.linea(), "duplicate id '" + uso.nombre() + "' of this "
                                + uso.nodo() + ": also the id of the " + otros));
                    }
                }
            }
            for (Uso uso : directUsados) {
                if (todosLeidos && !directLeidos.contains(uso.nombre())) {
                    fallas.add(new Falla(uso.archivo(), uso.linea(), "direct:" + uso.nombre()
                            + " leads nowhere: no route has from: direct:" + uso.nombre()));
                }
            }
            Set<String> beans = new HashSet<>(GremioConfiguration.BEANS);
            beans.addAll(beansDeclarados);
            for (String clave : ajustes.stringPropertyNames()) {
                if (clave.startsWith("camel.beans.")) {
                    beans.add(clave.substring("camel.beans.".length()).split("\\.")[0]);
                }
            }
            for (Uso uso : beansUsados) {
                if (!beans.contains(uso.nombre())) {
                    fallas.add(new Falla(uso.archivo(), uso.linea(), "bean '" + uso.nombre()
                            + "' is not bound by the application (GremioConfiguration.BEANS, camel.beans.* in "
                            + archivoAjustes + ")"));
                }
            }
            for (Uso uso : clavesRepetidas) {
                fallas.add(new Falla(uso.archivo(), uso.linea(), "key '" + uso.nombre() + "' appears twice here:"
                        + " YAML keeps the last one silently"));
            }
            for (Uso uso : rutasSinId) {
                fallas.add(new Falla(uso.archivo(), uso.linea(), "this route has no id: give it one (ids name routes"
                        + " in logs and metrics, and live reload replaces routes by id)"));
            }
            for (Uso uso : configuracionesUsadas) {
                // several ids, comma-separated, may be given
                for (String id : uso.nombre().split(",")) {
                    if (todosLeidos && !configuraciones.contains(id.trim())) {
                        fallas.add(new Falla(uso.archivo(), uso.linea(), "routeConfigurationId '" + id.trim()
                                + "' names no routeConfiguration: the route would run without that error handling"));
                    }
                }
            }
            for (Uso uso : marcadores) {
                String clave = uso.nombre().trim();
                // {{key:default}}, functions such as {{env:NAME}} and optional {{?key}} need no setting
                if (!clave.contains(":") && !clave.startsWith("?") && !ajustes.containsKey(clave)) {
                    fallas.add(new Falla(uso.archivo(), uso.linea(), "placeholder {{" + clave
                            + "}} has no setting in " + archivoAjustes + " (add it there, or give a default: {{"
                            + clave + ":value}})"));
                }
            }
            return fallas;
        }
    }
}
