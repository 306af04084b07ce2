package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The guild's pages in a real browser (Debian's headless Chromium): each form submitted, its
 * result seen on the dashboard, a 400's message shown beside its field. Screenshots go to
 * target/screenshots/.
 */
class NavegadorIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CAPTURAS = Path.of("target/screenshots");

    static AppEnMarcha app;
    static WebDriver navegador;
    static WebDriverWait espera;

    @BeforeAll
    static void iniciar() throws Exception {
        // .ci/run installs them; on a developer machine without them the browser tests are skipped
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        app = AppEnMarcha.compartida();
        navegador = chromium("1200,1600");
        // pages redraw their lists: an element read inside a wait may go stale, the wait reads again
        espera = new WebDriverWait(navegador, Duration.ofSeconds(20));
        espera.ignoring(StaleElementReferenceException.class);
    }

    /** A headless Chromium with its own fresh profile, its window {@code ancho,alto}. */
    static ChromeDriver chromium(String ventana) throws Exception {
        Files.createDirectories(CAPTURAS);
        ChromeOptions opciones = new ChromeOptions().setBinary(CHROMIUM.toFile());
        opciones.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + ventana,
                "--user-data-dir=" + Files.createTempDirectory("chromium-gremio"));
        ChromeDriverService servicio = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(servicio, opciones);
    }

    @AfterAll
    static void cerrar() {
        if (navegador != null) {
            navegador.quit();
        }
    }

    static String url(String path) {
        return "http://127.0.0.1:" + app.httpPort + path;
    }

    static void captura(String nombre) throws Exception {
        Files.write(CAPTURAS.resolve(nombre + ".png"), ((TakesScreenshot) navegador).getScreenshotAs(OutputType.BYTES));
    }

    static void escribir(String id, String texto) {
        WebElement e = navegador.findElement(By.id(id));
        e.clear();
        e.sendKeys(texto);
    }

    static String resultado(String form) {
        By r = By.cssSelector("#" + form + " .resultado");
        espera.until(d -> !d.findElement(r).getText().isBlank() && !d.findElement(r).getText().startsWith("Enviando"));
        return navegador.findElement(r).getText();
    }

    @Test
    void ventaAvisoYPostulacionDesdeLosFormulariosSeVenEnElPanel() throws Exception {
        String carrito = "NAV-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        navegador.get(url("/"));
        escribir("venta-carrito", carrito);
        escribir("venta-cliente", "Doña Juana");
        escribir("venta-cantidad", "4");
        escribir("venta-stock", "12");
        escribir("venta-latitud", "-33.4372");
        escribir("venta-longitud", "-70.6506");
        navegador.findElement(By.cssSelector("#venta button[type=submit]")).click();
        assertTrue(resultado("venta").contains("Se pidió reposición"), resultado("venta"));

        escribir("aviso-carrito", carrito);
        escribir("aviso-latitud", "-33.44");
        escribir("aviso-longitud", "-70.65");
        navegador.findElement(By.cssSelector("#aviso button[type=submit]")).click();
        assertTrue(resultado("aviso").startsWith("Aviso registrado"), resultado("aviso"));

        escribir("miembro-nombre", "Juana");
        escribir("miembro-apellido", "Pérez");
        escribir("miembro-rut", "9.876.543-3");
        escribir("miembro-email", "juana@example.cl");
        escribir("miembro-patente", "ab1234");
        navegador.findElement(By.cssSelector("#miembro input[name=premium]")).click();
        navegador.findElement(By.cssSelector("#miembro button[type=submit]")).click();
        assertTrue(resultado("miembro").contains("aprobada"), resultado("miembro"));
        captura("inicio-enviado");
        Registros.esperarConsumo(app.brokers());

        navegador.get(url("/panel"));
        navegador.findElement(By.id("calcular")).click();
        // the panel shows a page of carts; the others are a click on "Siguientes carritos" away
        espera.until(d -> d.findElement(By.id("tabla-estadisticas")).getText().contains(carrito)
                || siguientes(d) && d.findElement(By.id("tabla-estadisticas")).getText().contains(carrito));
        espera.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lista-ubicaciones"), carrito));
        espera.until(ExpectedConditions.textToBePresentInElementLocated(By.id("avisos"), carrito));
        espera.until(ExpectedConditions.textToBePresentInElementLocated(By.id("solicitudes"), carrito));
        WebElement fila = navegador.findElements(By.cssSelector("#tabla-estadisticas tr")).stream()
                .filter(f -> f.getText().startsWith(carrito)).findFirst().orElseThrow();
        assertEquals(List.of(carrito, "1", "4", "1"), fila.findElements(By.tagName("td")).subList(0, 4).stream()
                .map(WebElement::getText).toList());
        assertTrue(navegador.findElements(By.cssSelector("#grafico rect")).size() >= 1, "bar chart drawn");
        assertTrue(navegador.findElements(By.cssSelector("#mapa .leaflet-marker-icon.marca-carrito")).size() >= 1,
                "carts on the panel's map");
        captura("panel");
    }

    /** Clicks "Siguientes carritos" when shown; false when the last page is on the table. */
    static boolean siguientes(WebDriver d) {
        WebElement boton = d.findElement(By.id("mas-carritos"));
        if (!boton.isDisplayed()) {
            return false;
        }
        boton.click();
        return false; // looked at again on the next poll, once the page has arrived
    }

    /** The page's fetch, wrapped: records the id of each sale sent and fails the next ones as asked. */
    static final String INTERCEPTAR = """
            window.__ids = [];
            window.__fallos = [];
            const real = window.fetch.bind(window);
            window.fetch = (url, o) => {
              if (String(url) === '/api/ventas') {
                window.__ids.push(new URLSearchParams(o.body).get('id'));
                const fallo = window.__fallos.shift();
                if (fallo === 503) {
                  return Promise.resolve(new Response('{"error": "Kafka no confirmó la escritura; reintente"}',
                      { status: 503, headers: { 'Content-Type': 'application/json', 'Retry-After': '5' } }));
                }
                if (fallo === 0) return Promise.reject(new TypeError('Failed to fetch'));
              }
              return real(url, o);
            };
            """;

    /** Submits the sale form with the next answers failed as given (503, 0 for no connection); its result. */
    static String enviarVenta(Integer... fallos) {
        JavascriptExecutor js = (JavascriptExecutor) navegador;
        long antes = (Long) js.executeScript("window.__fallos = Array.from(arguments);"
                + "document.querySelector('#venta .resultado').textContent = ''; return window.__ids.length;",
                (Object[]) fallos);
        navegador.findElement(By.cssSelector("#venta button[type=submit]")).click();
        espera.until(d -> (Long) js.executeScript("return window.__ids.length;") > antes);
        return resultado("venta");
    }

    @SuppressWarnings("unchecked")
    static List<String> idsEnviados() {
        return (List<String>) ((JavascriptExecutor) navegador).executeScript("return window.__ids;");
    }

    static void llenarVenta(String carrito, String cliente) {
        escribir("venta-carrito", carrito);
        escribir("venta-cliente", cliente);
        escribir("venta-cantidad", "2");
        escribir("venta-stock", "30");
        escribir("venta-latitud", "-33.44");
        escribir("venta-longitud", "-70.65");
    }

    @Test
    void reintentarTrasUn503UsaElMismoIdYLaVentaQuedaUnaVez() throws Exception {
        String carrito = "IDEM-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        navegador.get(url("/"));
        ((JavascriptExecutor) navegador).executeScript(INTERCEPTAR);

        llenarVenta(carrito, "Ana");
        assertTrue(enviarVenta(503).contains("ocupado"), "the first attempt: 503");
        assertTrue(enviarVenta(0).contains("Sin conexión"), "the retry: no connection");
        String aceptada = enviarVenta();
        List<String> ids = idsEnviados();
        assertEquals(3, ids.size());
        assertTrue(ids.get(0).matches("[A-Za-z0-9._:-]{1,64}"), ids.get(0));
        assertEquals(List.of(ids.get(0), ids.get(0), ids.get(0)), ids, "one id for the three attempts");
        assertTrue(aceptada.contains(ids.get(0)), "the 202 is for that id: " + aceptada);
        captura("reintento-mismo-id");

        // without crypto.randomUUID (a page over plain http that is not localhost): the fallback
        ((JavascriptExecutor) navegador).executeScript("delete Crypto.prototype.randomUUID;");
        llenarVenta(carrito, "Ana");
        assertTrue(enviarVenta(503).contains("ocupado"));
        String otra = idsEnviados().get(3);
        assertNotEquals(ids.get(0), otra, "after a 202 the same data is a new sale, with a new id");
        assertTrue(otra.matches("[0-9a-f]{32}"), otra);
        escribir("venta-cliente", "Beto");
        assertTrue(enviarVenta().startsWith("Venta registrada"));
        String cambiada = idsEnviados().get(4);
        assertNotEquals(otra, cambiada, "changed data after a 503 is a new submission, with a new id");

        assertEquals(List.of(ids.get(0), cambiada), Registros.de(app.brokers(), "NuevaVenta", 0,
                rec -> carrito.equals(rec.key())).stream().map(rec -> Registros.json(rec.value()).get("id").asText())
                .toList(), "the two sales that got a 202, each once");
    }

    @Test
    void unErrorDeLaApiSeMuestraJuntoAlCampo() throws Exception {
        navegador.get(url("/"));
        escribir("miembro-nombre", "Pedro");
        escribir("miembro-apellido", "Soto");
        escribir("miembro-rut", "12.345.678-9");
        escribir("miembro-email", "pedro@example.cl");
        escribir("miembro-patente", "BBBB12");
        navegador.findElement(By.cssSelector("#miembro button[type=submit]")).click();
        By error = By.cssSelector("#miembro .error[data-campo=rut]");
        espera.until(ExpectedConditions.textToBePresentInElementLocated(error, "dígito verificador"));
        assertEquals("true", navegador.findElement(By.id("miembro-rut")).getAttribute("aria-invalid"));
        captura("error-junto-al-campo");
    }

    @Test
    void laDirectivaRechazaYPublica() throws Exception {
        String clave = Files.readString(app.dataDir.resolve("admin.clave")).strip();
        String rut = MiembrosIT.rutNuevo();
        app.postForm("/api/miembros", "nombre=Tito&apellido=Rojas&rut=" + rut + "&email=t%40x.cl&patente=CDEF12");
        Registros.esperarConsumo(app.brokers());

        // the page asks for Basic authentication; once given, the browser keeps it for the origin
        // (a page whose address holds credentials may not fetch, so it is opened again without them)
        navegador.get("http://admin:" + clave + "@127.0.0.1:" + app.httpPort + "/directiva");
        navegador.get(url("/directiva"));
        By fila = By.cssSelector("tr[data-rut='" + rut + "']");
        try {
            espera.until(d -> d.findElement(By.id("acceso")).isDisplayed() || !d.findElements(fila).isEmpty());
        } catch (RuntimeException e) {
            captura("directiva-falla");
            throw new AssertionError("page: " + navegador.getCurrentUrl() + "\n" + navegador.getPageSource(), e);
        }
        if (navegador.findElement(By.id("acceso")).isDisplayed()) {
            // the browser did not pass its credentials on to the page's requests: sign in on the page
            captura("directiva-ingreso");
            escribir("acceso-clave", clave);
            navegador.findElement(By.cssSelector("#acceso button")).click();
        }
        espera.until(ExpectedConditions.textToBePresentInElementLocated(fila, "pendiente"));
        // the table is drawn again after every answer: find the row anew until the click lands
        espera.until(d -> {
            d.findElement(fila).findElement(By.tagName("button")).click();
            return true;
        });
        espera.until(ExpectedConditions.textToBePresentInElementLocated(fila, "rechazado"));
        navegador.findElement(By.id("publicar")).click();
        espera.until(ExpectedConditions.textToBePresentInElementLocated(By.id("estado-directiva"), "Lista publicada"));
        // the publication approves the pending, not the rejected: read again from the server
        navegador.navigate().refresh();
        espera.until(ExpectedConditions.textToBePresentInElementLocated(fila, "rechazado"));
        captura("directiva");
    }
}
