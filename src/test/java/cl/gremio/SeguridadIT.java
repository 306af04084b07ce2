package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Personal data and the board's password stay private; one client cannot flood; CORS is closed. */
class SeguridadIT {

    @Test
    void laClaveGeneradaSoloLaLeeSuDueno() throws Exception {
        Path clave = AppEnMarcha.compartida().dataDir.resolve("admin.clave");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(clave)));
    }

    @Test
    void laClaveGeneradaAbreYLaClaveVaciaNo() throws Exception {
        AppEnMarcha app = AppEnMarcha.compartida();
        assertFalse(Files.readString(app.dataDir.resolve("admin.clave")).isBlank());
        assertEquals(200, app.send(app.request("/api/miembros").header("Authorization", app.credenciales()).GET())
                .statusCode());
        for (String vacia : new String[] {"admin:", "admin: ", ":"}) {
            String basic = "Basic " + Base64.getEncoder().encodeToString(vacia.getBytes());
            assertEquals(401, app.send(app.request("/api/miembros").header("Authorization", basic).GET())
                    .statusCode(), vacia);
        }
    }

    /** What a crash between creating and writing the password file used to leave: now the start is refused. */
    @Test
    void conElArchivoDeClaveVacioNoArranca() throws Exception {
        ProcesoGremio app = new ProcesoGremio(Map.of(
                "gremio.kafka.embedded.port", String.valueOf(AppEnMarcha.puertoLibre()),
                "gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre())));
        Files.writeString(app.dataDir.resolve("admin.clave"), "");
        app.lanzar("clave-vacia");
        assertEquals(1, app.salida(), "refused to start");
        String registro = Files.readString(Path.of("target/clave-vacia.log"));
        assertTrue(registro.contains("admin.clave is empty"), registro);
        assertTrue(registro.contains("Delete that file") && registro.contains("GREMIO_ADMIN_CLAVE"), registro);
        assertFalse(Files.exists(app.dataDir.resolve("kafka")), "refused before the broker started");
    }

    /** Vert.x only logs a refused bind: the process used to run on without its HTTP endpoints. */
    @Test
    void conElPuertoOcupadoNoArranca() throws Exception {
        ProcesoGremio app = new ProcesoGremio(Map.of(
                "gremio.kafka.embedded.port", String.valueOf(AppEnMarcha.puertoLibre()),
                "gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre())));
        try (java.net.ServerSocket otro = new java.net.ServerSocket(0)) {
            app.ajustes.put("camel.management.port", String.valueOf(otro.getLocalPort()));
            app.lanzar("puerto-ocupado");
            assertEquals(1, app.salida(), "refused to start");
        }
        String registro = Files.readString(Path.of("target/puerto-ocupado.log"));
        assertTrue(registro.contains("camel.management.port") && registro.contains("another process holds it")
                && registro.contains("CAMEL_MANAGEMENT_PORT"), registro);
        assertFalse(Files.exists(app.dataDir.resolve("kafka")), "refused before the broker started");
    }

    @Test
    void corsCerradoPorDefecto() throws Exception {
        AppEnMarcha app = AppEnMarcha.compartida();
        HttpResponse<String> previa = app.send(app.request("/api/ventas").header("Origin", "https://ajeno.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertTrue(previa.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), previa.headers().toString());
        HttpResponse<String> lectura = app.send(app.request("/api/avisos").header("Origin", "https://ajeno.example")
                .GET());
        assertTrue(lectura.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void limitePorDireccionYNingunaClaveEnElRegistro() throws Exception {
        String clave = "clave-secreta-9f3k2";
        ProcesoGremio app = new ProcesoGremio(Map.of("gremio.admin.clave", clave,
                "gremio.http.limite-por-minuto", "5",
                "gremio.kafka.embedded.port", String.valueOf(AppEnMarcha.puertoLibre()),
                "gremio.kafka.embedded.controller-port", String.valueOf(AppEnMarcha.puertoLibre())));
        app.arrancar("seguridad");
        try {
            // the limit counts per clock minute: the six requests must not straddle a minute's turn
            long quedan = 60_000 - System.currentTimeMillis() % 60_000;
            if (quedan < 20_000) {
                Thread.sleep(quedan + 100);
            }
            for (int i = 0; i < 5; i++) {
                assertTrue(app.vender(MatarProcesoIT.venta(i)), "within the limit");
            }
            HttpResponse<String> sexta = app.cliente.send(HttpRequest.newBuilder(app.uri("/api/ventas"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MatarProcesoIT.venta(5))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(429, sexta.statusCode());
            assertEquals("60", sexta.headers().firstValue("Retry-After").orElse(""));
            assertFalse(json(sexta.body()).get("error").asText().isBlank());

            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + clave).getBytes());
            assertEquals(200, app.cliente.send(HttpRequest.newBuilder(app.uri("/api/miembros"))
                    .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode(), "reads are not limited; the configured password works");
        } finally {
            app.detener();
        }
        String registro = Files.readString(Path.of("target/seguridad.log"));
        assertTrue(registro.contains("gremio.admin.clave"), "the setting is listed at startup");
        assertFalse(registro.contains(clave), "but its value never appears in the log");
    }
}
