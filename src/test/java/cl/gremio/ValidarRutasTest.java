package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import cl.gremio.rutas.ValidadorDeRutas;
import cl.gremio.rutas.ValidadorDeRutas.Falla;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code validar}: the repository's routes pass; a copy with one route file broken fails, naming
 * that file and the line of the break.
 */
class ValidarRutasTest {

    static final Path RUTAS = Path.of("routes");

    /** Each break is a step written first in the file's first steps list. */
    enum Rotura {
        PASO_DESCONOCIDO("- pasoInventado: {}", "'pasoInventado' is not defined in the schema"),
        ID_DUPLICADO("- log: {id: %s, message: hola}", "duplicate id"),
        DIRECT_A_NINGUNA_PARTE("- to: direct:a-ninguna-parte", "direct:a-ninguna-parte leads nowhere"),
        BEAN_DESCONOCIDO("- bean: {ref: beanInventado, method: hacer}", "bean 'beanInventado' is not bound"),
        MARCADOR_SIN_AJUSTE("- log: {message: \"{{gremio.no.existe}}\"}", "{{gremio.no.existe}} has no setting"),
        SINTAXIS_YAML("- to: uri: direct:responder-json", "YAML syntax");

        final String paso;
        final String mensaje;

        Rotura(String paso, String mensaje) {
            this.paso = paso;
            this.mensaje = mensaje;
        }
    }

    @Test
    void lasRutasDelRepositorioNoTienenFallas() throws IOException {
        ValidadorDeRutas.Resultado resultado = ValidadorDeRutas.validar(RUTAS, ValidadorDeRutas.AJUSTES);
        assertEquals(List.of(), resultado.fallas());
        assertEquals(archivos(RUTAS).size(), resultado.archivos());
        assertEquals(0, ValidadorDeRutas.ejecutar(new String[0], new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
    }

    static Stream<Arguments> roturas() throws IOException {
        return archivos(RUTAS).stream().flatMap(a -> Stream.of(Rotura.values()).map(r -> Arguments.of(a, r)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("roturas")
    void unArchivoRotoFallaEnSuLinea(String archivo, Rotura rotura, @TempDir Path dir) throws IOException {
        copiarRutas(dir);
        Path roto = dir.resolve(archivo);
        // a duplicate of the first id of another file: the same id across files
        Path otro = dir.resolve(archivos(RUTAS).stream().filter(a -> !a.equals(archivo)).findFirst().orElseThrow());
        int linea = insertarPaso(roto, rotura.paso.formatted(primerId(otro)));

        List<Falla> fallas = ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES).fallas();

        Falla esperada = fallas.stream().filter(f -> f.archivo().equals(roto) && f.linea() == linea).findFirst()
                .orElseThrow(() -> new AssertionError("no fault at " + roto + ":" + linea + " in " + fallas));
        assertTrue(esperada.mensaje().contains(rotura.mensaje), esperada.toString());
        // nothing else is blamed: only the duplicate's other half
        List<Falla> otras = new ArrayList<>(fallas);
        otras.remove(esperada);
        if (rotura == Rotura.ID_DUPLICADO) {
            assertEquals(1, otras.size(), otras.toString());
            assertEquals(otro, otras.get(0).archivo());
        } else {
            assertEquals(List.of(), otras);
        }
    }

    @Test
    void elIdDeUnOnExceptionIgualAlDeUnaRutaEsUnDuplicado(@TempDir Path dir) throws IOException {
        copiarRutas(dir);
        Path errores = dir.resolve("errores.camel.yaml");
        Files.writeString(errores, Files.readString(errores).replace("id: registro-que-rompe-el-contrato",
                "id: registro-invalido"));
        List<Falla> fallas = ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES).fallas();
        List<String> lineas = Files.readAllLines(errores);
        int excepcion = lineas.indexOf("          id: registro-invalido") + 1;
        int ruta = lineas.indexOf("    id: registro-invalido") + 1;
        assertEquals(List.of(errores + ":" + excepcion + ": duplicate id 'registro-invalido' of this onException: also"
                        + " the id of the route at " + errores + ":" + ruta,
                errores + ":" + ruta + ": duplicate id 'registro-invalido' of this route: also the id of the onException at "
                        + errores + ":" + excepcion),
                fallas.stream().map(Falla::toString).toList());
    }

    /** Mistakes the schema cannot see and Camel would take silently: found by a new integrator's first hour. */
    @Test
    void loQueCamelTomariaEnSilencio(@TempDir Path dir) throws IOException {
        copiarRutas(dir);
        Path avisos = dir.resolve("avisos.camel.yaml");
        String texto = Files.readString(avisos);
        String roto = texto.replaceFirst("routeConfigurationId: errores-http", "routeConfigurationId: errores-htp")
                .replaceFirst("    id: avisos-consulta-http\n", "")
                .replaceFirst("(\n( *)id: limite-avisos-http\n)", "$1$2id: otra-vez\n");
        Files.writeString(avisos, roto);
        List<String> fallas = ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES).fallas().stream()
                .map(Falla::toString).toList();
        List<String> lineas = Files.readAllLines(avisos);
        int configuracion = lineas.indexOf("    routeConfigurationId: errores-htp") + 1;
        int repetida = lineas.indexOf("            id: otra-vez") + 1;
        assertTrue(fallas.contains(avisos + ":" + configuracion + ": routeConfigurationId 'errores-htp' names no"
                + " routeConfiguration: the route would run without that error handling"), fallas.toString());
        assertTrue(fallas.contains(avisos + ":" + repetida + ": key 'id' appears twice here: YAML keeps the last one"
                + " silently"), fallas.toString());
        assertTrue(fallas.stream().anyMatch(f -> f.contains("this route has no id")), fallas.toString());
        assertEquals(3, fallas.size(), fallas.toString());
    }

    /** A templatedRoute is checked as the route it makes: its template's steps with its parameters put in. */
    @Test
    void unaRutaDePlantillaSeRevisaComoLaRutaQueHace(@TempDir Path dir) throws IOException {
        copiarRutas(dir);
        Path plantillas = dir.resolve("plantillas.camel.yaml");
        Path ventas = dir.resolve("ventas.camel.yaml");
        Path ubicaciones = dir.resolve("ubicaciones.camel.yaml");
        Path reposiciones = dir.resolve("reposiciones.camel.yaml");
        Path miembros = dir.resolve("miembros.camel.yaml");
        reemplazar(plantillas, "id: al-dlt-{{flujo}}", "id: al-dlt");
        reemplazar(ventas, "      - name: lote\n        value: loteVentas\n", "");
        reemplazar(ubicaciones, "value: loteUbicaciones", "value: loteUbicacione");
        reemplazar(reposiciones, "value: direct:repartos-del-lote", "value: direct:repartos-del-lot");
        reemplazar(miembros, "routeTemplateRef: disparo-programado", "routeTemplateRef: disparo-programad");
        List<String> fallas = ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES).fallas().stream()
                .map(Falla::toString).toList();
        int dlt = Files.readAllLines(plantillas).indexOf("                    id: al-dlt") + 1;
        int tras = Files.readAllLines(plantillas).indexOf("              uri: \"{{trasGuardar}}\"") + 1;
        List<String> lineas = Files.readAllLines(plantillas);
        // the bean, at each step of the template that names it
        List<String> lote = new ArrayList<>();
        for (int i = 0; i < lineas.size(); i++) {
            if (lineas.get(i).endsWith("ref: \"{{lote}}\"")) {
                lote.add(plantillas + ":" + (i + 1) + ": bean 'loteUbicacione' is not bound by the application"
                        + " (GremioConfiguration.BEANS, camel.beans.* in config/application.properties)");
            }
        }
        assertEquals(4, lote.size());
        List<String> esperadas = new ArrayList<>(List.of(
                miembros + ":" + linea(miembros, "- templatedRoute:") + ": routeTemplateRef 'disparo-programad' names no"
                        + " routeTemplate",
                plantillas + ":" + tras + ": direct:repartos-del-lot leads nowhere: no route has from:"
                        + " direct:repartos-del-lot",
                plantillas + ":" + dlt + ": id 'al-dlt' of this to is the same in every route made from its template:"
                        + " put a parameter in it ({{flujo}})",
                ventas + ":" + linea(ventas, "- templatedRoute:") + ": parameter 'lote' of template"
                        + " 'consumidor-por-lotes' is not given"));
        esperadas.addAll(1, lote);
        esperadas.sort(java.util.Comparator.comparing((String f) -> f.substring(0, f.indexOf(':')))
                .thenComparingInt(f -> Integer.parseInt(f.split(":")[1])));
        assertEquals(esperadas, fallas);
    }

    private static void reemplazar(Path archivo, String antes, String despues) throws IOException {
        String texto = Files.readString(archivo);
        assertTrue(texto.contains(antes), archivo + " has no " + antes);
        Files.writeString(archivo, texto.replace(antes, despues));
    }

    private static int linea(Path archivo, String texto) throws IOException {
        return Files.readAllLines(archivo).indexOf(texto) + 1;
    }

    @Test
    void unMarcadorConValorPorDefectoNoNecesitaAjuste(@TempDir Path dir) throws IOException {
        copiarRutas(dir);
        insertarPaso(dir.resolve("ventas.camel.yaml"), "- log: {message: \"{{gremio.no.existe:hola}}\"}");
        assertEquals(List.of(), ValidadorDeRutas.validar(dir, ValidadorDeRutas.AJUSTES).fallas());
    }

    @Test
    void laLineaDeComandosDiceCadaFallaYSaleConUno(@TempDir Path dir) throws IOException {
        copiarRutas(dir);
        Path roto = dir.resolve("avisos.camel.yaml");
        int linea = insertarPaso(roto, Rotura.BEAN_DESCONOCIDO.paso);
        ByteArrayOutputStream salida = new ByteArrayOutputStream();
        ByteArrayOutputStream errores = new ByteArrayOutputStream();
        int codigo = ValidadorDeRutas.ejecutar(new String[] {dir.toString()}, new PrintStream(salida, true),
                new PrintStream(errores, true));
        assertEquals(1, codigo);
        assertEquals("", salida.toString(StandardCharsets.UTF_8));
        assertTrue(errores.toString(StandardCharsets.UTF_8).startsWith(roto + ":" + linea + ": bean 'beanInventado'"),
                errores.toString(StandardCharsets.UTF_8));
    }

    /** The real command: Gremio's main dispatches `validar` before Camel Main and starts nothing. */
    @Test
    void comoProcesoSaleConCeroOUno(@TempDir Path dir) throws Exception {
        Resultado bien = gremio("validar");
        assertEquals(0, bien.codigo, bien.salida);
        assertTrue(bien.salida.strip().matches("Checked \\d+ files and \\d+ routes in routes: no faults"), bien.salida);

        copiarRutas(dir);
        Path roto = dir.resolve("turnos.camel.yaml");
        int linea = insertarPaso(roto, Rotura.DIRECT_A_NINGUNA_PARTE.paso);
        Resultado mal = gremio("validar", dir.toString());
        assertEquals(1, mal.codigo, mal.salida);
        assertTrue(mal.salida.startsWith(roto + ":" + linea + ": direct:a-ninguna-parte leads nowhere"), mal.salida);
    }

    record Resultado(int codigo, String salida) {
    }

    static Resultado gremio(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "cl.gremio.Gremio"));
        cmd.addAll(List.of(args));
        Process proceso = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String salida = new String(proceso.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proceso.waitFor(60, TimeUnit.SECONDS)) {
            proceso.destroyForcibly();
            throw new AssertionError("validar kept running: " + salida);
        }
        return new Resultado(proceso.exitValue(), salida);
    }

    static List<String> archivos(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
    }

    static void copiarRutas(Path destino) throws IOException {
        for (String archivo : archivos(RUTAS)) {
            Files.copy(RUTAS.resolve(archivo), destino.resolve(archivo));
        }
    }

    /** Writes {@code paso} as the first item of the file's first steps list; its line (1-based). */
    static int insertarPaso(Path archivo, String paso) throws IOException {
        List<String> lineas = new ArrayList<>(Files.readAllLines(archivo));
        int steps = 0;
        while (!lineas.get(steps).strip().equals("steps:")) {
            steps++;
        }
        int primero = steps + 1;
        while (lineas.get(primero).strip().startsWith("#")) {
            primero++; // a step's comment: the indentation is the step's
        }
        String siguiente = lineas.get(primero);
        String sangria = siguiente.substring(0, siguiente.indexOf('-'));
        lineas.add(steps + 1, sangria + paso);
        Files.write(archivo, lineas);
        return steps + 2;
    }

    static String primerId(Path archivo) throws IOException {
        return Files.readAllLines(archivo).stream().map(String::strip).filter(l -> l.startsWith("id: ")).findFirst()
                .orElseThrow().substring("id: ".length());
    }
}
