package cl.gremio.entrada;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * HTTP Basic authentication for what holds personal data (members' RUT and e-mail) and for the
 * board's actions. Without a configured password one is generated at first start, printed
 * once on the console (never to the log) and kept in the data dir, readable by its owner only.
 */
public class Acceso {

    static final String ARCHIVO_CLAVE = "admin.clave";

    private final byte[] esperado;

    public Acceso(String usuario, String clave) {
        this.esperado = (usuario + ":" + clave).getBytes(StandardCharsets.UTF_8);
    }

    public static Acceso desde(String usuario, String claveConfigurada, Path dataDir) throws IOException {
        if (claveConfigurada != null && !claveConfigurada.isBlank()) {
            return new Acceso(usuario, claveConfigurada);
        }
        Path archivo = dataDir.resolve(ARCHIVO_CLAVE);
        if (Files.exists(archivo)) {
            return new Acceso(usuario, Files.readString(archivo).strip());
        }
        byte[] azar = new byte[18];
        new SecureRandom().nextBytes(azar);
        String clave = Base64.getUrlEncoder().withoutPadding().encodeToString(azar);
        Files.createDirectories(dataDir);
        Files.createFile(archivo, PosixFilePermissions.asFileAttribute(Set.of(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        Files.writeString(archivo, clave + "\n");
        System.out.println("""

                ==== Gremio: first start ====
                The board's password for HTTP Basic authentication (user "%s") is: %s
                It is kept in %s (readable by this user only) and will not be shown again.
                Set gremio.admin.clave (GREMIO_ADMIN_CLAVE) to choose your own.
                """.formatted(usuario, clave, archivo.toAbsolutePath()));
        return new Acceso(usuario, clave);
    }

    /**
     * Lets the request through, or refuses it: 401 without the board's credentials; 403 for a
     * state-changing request that a browser sent from another site (a page elsewhere cannot use
     * a board member's cached credentials to publish or reject). Clients that send no Origin
     * (curl, scripts) are not browsers acting for someone else and pass.
     */
    public void exigir(Exchange exchange) {
        Message peticion = exchange.getMessage();
        String authorization = Cabeceras.deLaPeticion(peticion, "Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new Rechazo(401, null, "se requiere autenticación (HTTP Basic)");
        }
        byte[] dado;
        try {
            dado = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw new Rechazo(401, null, "credenciales ilegibles");
        }
        // constant-time comparison: the time taken tells nothing about the password
        if (!MessageDigest.isEqual(dado, esperado)) {
            throw new Rechazo(401, null, "usuario o clave incorrectos");
        }
        String metodo = peticion.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        if (!metodo.equals("GET") && !metodo.equals("HEAD") && !mismoSitio(peticion)) {
            throw new Rechazo(403, null, "la directiva solo acepta esta acción desde sus propias páginas");
        }
    }

    /** Same origin by the browser's word: Sec-Fetch-Site when sent, else Origin against Host. */
    private static boolean mismoSitio(Message peticion) {
        String sitio = Cabeceras.deLaPeticion(peticion, "Sec-Fetch-Site");
        if (sitio != null) {
            return sitio.equals("same-origin") || sitio.equals("none");
        }
        String origen = Cabeceras.deLaPeticion(peticion, "Origin");
        if (origen == null) {
            return true;
        }
        String host = Cabeceras.deLaPeticion(peticion, "Host");
        int esquema = origen.indexOf("://");
        return host != null && esquema > 0 && origen.substring(esquema + 3).equalsIgnoreCase(host);
    }
}
