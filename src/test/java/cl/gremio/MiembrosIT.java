package cl.gremio;

import static cl.gremio.Registros.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import cl.gremio.entrada.Campos;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Members: premium approved at once, normal ones pending until the publication, the board's rejection. */
class MiembrosIT {

    static AppEnMarcha app;

    @BeforeAll
    static void iniciar() throws Exception {
        app = AppEnMarcha.compartida();
    }

    static String rutNuevo() {
        String cuerpo = String.valueOf(ThreadLocalRandom.current().nextInt(5_000_000, 30_000_000));
        return cuerpo + "-" + Campos.digitoVerificador(cuerpo);
    }

    static String solicitud(String rut, String nombre, boolean premium) {
        return "nombre=" + nombre + "&apellido=Soto&rut=" + rut + "&email=x%40y.cl&patente=BBBB12&premium=" + premium;
    }

    static JsonNode miembro(String rut) throws Exception {
        for (JsonNode pagina : app.paginas("/api/miembros?limite=500", app.credenciales())) {
            for (JsonNode m : pagina) {
                if (m.get("rut").asText().equals(rut)) {
                    return m;
                }
            }
        }
        return null;
    }

    static HttpRequest.Builder autenticado(String path) throws Exception {
        return app.request(path).header("Authorization", app.credenciales());
    }

    static HttpResponse<String> rechazar(String rut) throws Exception {
        return app.send(autenticado("/api/miembros/" + rut).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"estado\":\"rechazado\"}")));
    }

    @Test
    void losDatosPersonalesPidenAutenticacion() throws Exception {
        HttpResponse<String> sin = app.get("/api/miembros");
        assertEquals(401, sin.statusCode());
        assertTrue(sin.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertFalse(sin.body().contains("@"), "no personal data in the refusal");

        String mala = "Basic " + Base64.getEncoder().encodeToString("admin:adivinanza".getBytes());
        assertEquals(401, app.send(app.request("/api/miembros").header("Authorization", mala).GET()).statusCode());
        assertEquals(401, app.post("/api/miembros/publicacion", null, "").statusCode());
        assertEquals(200, app.send(autenticado("/api/miembros").GET()).statusCode());
    }

    @Test
    void premiumAprobadoNormalPendienteHastaLaPublicacionYRechazoDeLaDirectiva() throws Exception {
        String premium = rutNuevo();
        String normal = rutNuevo();
        String rechazado = rutNuevo();
        app.postForm("/api/miembros", solicitud(premium, "Rosa", true));
        app.postForm("/api/miembros", solicitud(normal, "Juan", false));
        app.postForm("/api/miembros", solicitud(rechazado, "Luis", false));
        Registros.esperarConsumo(app.brokers());

        assertEquals("aprobado", miembro(premium).get("estado").asText());
        assertEquals("pendiente", miembro(normal).get("estado").asText());
        assertEquals("pendiente", miembro(rechazado).get("estado").asText());

        HttpResponse<String> rechazo = rechazar(rechazado);
        assertEquals(200, rechazo.statusCode(), rechazo.body());
        assertEquals("rechazado", json(rechazo.body()).get("estado").asText());
        assertEquals(409, rechazar(rechazado).statusCode(), "only a pending application can be rejected");
        assertEquals(409, rechazar(premium).statusCode());
        assertEquals(404, rechazar(rutNuevo()).statusCode());
        HttpResponse<String> otroEstado = app.send(autenticado("/api/miembros/" + normal)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"estado\":\"aprobado\"}")));
        assertEquals(400, otroEstado.statusCode());
        assertEquals("pendiente", miembro(normal).get("estado").asText());

        // the same application again changes nothing: the board's decision stands
        app.postForm("/api/miembros", solicitud(rechazado, "Luis", false));
        Registros.esperarConsumo(app.brokers());
        assertEquals("rechazado", miembro(rechazado).get("estado").asText());

        HttpResponse<String> publicacion = app.send(autenticado("/api/miembros/publicacion")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, publicacion.statusCode(), publicacion.body());
        // the answer is the list's first page; GET on the same path reads all of it
        List<String> publicados = new ArrayList<>();
        for (JsonNode pagina : app.paginas("/api/miembros/publicacion?limite=500", app.credenciales())) {
            pagina.forEach(m -> publicados.add(m.get("rut").asText()));
        }
        assertTrue(publicados.contains(premium) && publicados.contains(normal), publicados.toString());
        assertFalse(publicados.contains(rechazado), "a rejected application is not published");
        assertEquals(publicados.size(), Integer.parseInt(publicacion.headers().firstValue("X-Total-Count").orElseThrow()));
        assertEquals("aprobado", miembro(normal).get("estado").asText());
        assertEquals("rechazado", miembro(rechazado).get("estado").asText());
        try (var reportes = Files.list(app.dataDir.resolve("reportes"))) {
            String lista = Files.readString(reportes.filter(p -> p.getFileName().toString().startsWith("miembros-"))
                    .findFirst().orElseThrow());
            assertTrue(lista.startsWith("rut,nombre,apellido,email,patente,premium,estado\n"), lista);
            assertTrue(lista.contains(normal + ",Juan,Soto,x@y.cl,BBBB12,false,aprobado"), lista);
        }

        // a rejection stands: applying again with changed data, even premium ticked, does not undo it
        app.postForm("/api/miembros", solicitud(rechazado, "Luis Alberto", false));
        app.postForm("/api/miembros", solicitud(rechazado, "Luis Alberto", true));
        Registros.esperarConsumo(app.brokers());
        assertEquals("rechazado", miembro(rechazado).get("estado").asText());
        assertEquals("Luis Alberto", miembro(rechazado).get("nombre").asText(), "the data is updated all the same");
    }
}
