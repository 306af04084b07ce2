package cl.gremio.entrada;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The board's password file in the states a crash during the first start can leave it in
 * (empty, half there, a temporary file never renamed), and what a fresh start writes.
 */
class AccesoTest {

    @TempDir
    Path data;

    static String basic(String usuarioYClave) {
        return "Basic " + Base64.getEncoder().encodeToString(usuarioYClave.getBytes(StandardCharsets.UTF_8));
    }

    /** A GET asking with these credentials, as the route's exchange carries it outside HTTP. */
    static Exchange peticion(String usuarioYClave) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setHeader("Authorization", basic(usuarioYClave));
        return e;
    }

    static int estado(Acceso acceso, String usuarioYClave) {
        try {
            acceso.exigir(peticion(usuarioYClave));
            return 200;
        } catch (Rechazo r) {
            return r.getEstado();
        }
    }

    Path archivo() {
        return data.resolve(Acceso.ARCHIVO_CLAVE);
    }

    @Test
    void laPrimeraArrancadaEscribeUnaClaveCompletaSoloParaSuDueno() throws Exception {
        Acceso acceso = Acceso.desde("admin", "", data);
        String clave = Files.readString(archivo()).strip();
        assertTrue(clave.length() >= 20, clave);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archivo())));
        try (Stream<Path> archivos = Files.list(data)) {
            assertEquals(1, archivos.count(), "no temporary file left behind");
        }
        assertEquals(200, estado(acceso, "admin:" + clave));
        assertEquals(401, estado(acceso, "admin:"));
        assertEquals(401, estado(acceso, "admin: "));
        assertEquals(200, estado(Acceso.desde("admin", null, data), "admin:" + clave), "kept across starts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "   \n\t"})
    void unArchivoVacioImpideArrancarYDiceQueHacer(String contenido) throws Exception {
        Files.writeString(archivo(), contenido);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Acceso.desde("admin", "", data));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        assertQueDiceQueHacer(e.getMessage());
    }

    @Test
    void unArchivoIlegibleImpideArrancar() throws Exception {
        // chmod 000 does not stop root (the tests run as root): a directory in its place really fails to read
        Files.createDirectory(archivo());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Acceso.desde("admin", "", data));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
        assertQueDiceQueHacer(e.getMessage());
    }

    static void assertQueDiceQueHacer(String mensaje) {
        assertTrue(mensaje.contains("Delete that file"), mensaje);
        assertTrue(mensaje.contains("gremio.admin.clave") && mensaje.contains("GREMIO_ADMIN_CLAVE"), mensaje);
    }

    @Test
    void unTemporalQueNuncaSeRenombroSeBorraYSeGeneraOtraClave() throws Exception {
        Path resto = data.resolve(Acceso.PREFIJO_TEMPORAL + "123" + Acceso.SUFIJO_TEMPORAL);
        Files.writeString(resto, "mitad");
        Acceso acceso = Acceso.desde("admin", "", data);
        assertFalse(Files.exists(resto), "a crash's leftover is cleaned up");
        String clave = Files.readString(archivo()).strip();
        assertFalse(clave.isEmpty());
        assertEquals(200, estado(acceso, "admin:" + clave));
        assertEquals(401, estado(acceso, "admin:mitad"), "the leftover's content is never a password");
    }

    @Test
    void unTemporalJuntoAUnaClaveCompletaSeBorraYLaClaveSigue() throws Exception {
        Files.writeString(archivo(), "la-clave-buena\n");
        Path resto = data.resolve(Acceso.PREFIJO_TEMPORAL + "9" + Acceso.SUFIJO_TEMPORAL);
        Files.writeString(resto, "");
        Acceso acceso = Acceso.desde("admin", null, data);
        assertFalse(Files.exists(resto));
        assertEquals(200, estado(acceso, "admin:la-clave-buena"));
        assertEquals(401, estado(acceso, "admin:"));
    }

    @Test
    void unaClaveEnBlancoNuncaEsLaClaveVacia() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Acceso("admin", ""));
        assertThrows(IllegalArgumentException.class, () -> new Acceso("admin", "  "));
        assertThrows(IllegalArgumentException.class, () -> new Acceso("admin", null));
        assertThrows(IllegalArgumentException.class, () -> new Acceso(" ", "x"));
        // a blank setting means "not configured": the generated password applies, not ""
        Acceso acceso = Acceso.desde("admin", "   ", data);
        assertEquals(401, estado(acceso, "admin:"));
        assertEquals(401, estado(acceso, "admin:   "));
        assertDoesNotThrow(() -> acceso.exigir(peticion("admin:" + Files.readString(archivo()).strip())));
    }

    @Test
    void unaClaveConfiguradaNoEscribeArchivo() throws Exception {
        Acceso acceso = Acceso.desde("admin", "propia", data);
        assertFalse(Files.exists(archivo()));
        assertEquals(200, estado(acceso, "admin:propia"));
        assertEquals(401, estado(acceso, "admin:"));
    }
}
