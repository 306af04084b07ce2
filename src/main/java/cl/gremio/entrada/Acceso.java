package cl.gremio.entrada;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
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
    /** A password being written: renamed onto admin.clave once complete, so that file is never half written. */
    static final String PREFIJO_TEMPORAL = ".admin.clave-";
    static final String SUFIJO_TEMPORAL = ".tmp";

    private final byte[] esperado;

    public Acceso(String usuario, String clave) {
        // "admin:" with an empty password must never open the door
        if (usuario == null || usuario.isBlank() || clave == null || clave.isBlank()) {
            throw new IllegalArgumentException("the board's user and password must not be blank");
        }
        this.esperado = (usuario + ":" + clave).getBytes(StandardCharsets.UTF_8);
    }

    public static Acceso desde(String usuario, String claveConfigurada, Path dataDir) throws IOException {
        if (claveConfigurada != null && !claveConfigurada.isBlank()) {
            return new Acceso(usuario, claveConfigurada);
        }
        Path archivo = dataDir.resolve(ARCHIVO_CLAVE);
        borrarTemporales(dataDir);
        if (Files.exists(archivo, LinkOption.NOFOLLOW_LINKS)) {
            return new Acceso(usuario, leer(archivo));
        }
        byte[] azar = new byte[18];
        new SecureRandom().nextBytes(azar);
        String clave = Base64.getUrlEncoder().withoutPadding().encodeToString(azar);
        Files.createDirectories(dataDir);
        escribirAtomico(archivo, clave + "\n");
        System.out.println("""

                ==== Gremio: first start ====
                The board's password for HTTP Basic authentication (user "%s") is: %s
                It is kept in %s (readable by this user only) and will not be shown again.
                Set gremio.admin.clave (GREMIO_ADMIN_CLAVE) to choose your own.
                """.formatted(usuario, clave, archivo.toAbsolutePath()));
        return new Acceso(usuario, clave);
    }

    /** The kept password; an empty or unreadable file stops the start rather than guess. */
    private static String leer(Path archivo) {
        String clave;
        try {
            clave = Files.readString(archivo).strip();
        } catch (IOException e) {
            throw sinClave(archivo, "cannot be read (" + e + ")");
        }
        if (clave.isEmpty()) {
            // what a crash or a full disk while it was written would leave behind
            throw sinClave(archivo, "is empty");
        }
        return clave;
    }

    private static IllegalStateException sinClave(Path archivo, String problema) {
        return new IllegalStateException("The board's password file " + archivo.toAbsolutePath() + " " + problema
                + ". Refusing to start without a password. Delete that file to have a new password generated"
                + " (and printed) at the next start, or set gremio.admin.clave (environment GREMIO_ADMIN_CLAVE).");
    }

    /**
     * Temporary file (0600 from its creation) in the same directory, written and flushed to disk,
     * then renamed onto {@code archivo} in one step: a crash leaves either no file or a complete one.
     */
    static void escribirAtomico(Path archivo, String contenido) throws IOException {
        Path dir = archivo.toAbsolutePath().getParent();
        Path temporal = Files.createTempFile(dir, PREFIJO_TEMPORAL, SUFIJO_TEMPORAL,
                PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE)));
        try {
            try (FileChannel canal = FileChannel.open(temporal, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(contenido.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    canal.write(bytes);
                }
                canal.force(true);
            }
            Files.move(temporal, archivo, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporal);
            throw e;
        }
        // the rename itself reaches the disk with the directory's entry
        try (FileChannel directorio = FileChannel.open(dir, StandardOpenOption.READ)) {
            directorio.force(true);
        } catch (IOException e) {
            // not every platform lets a directory be opened; the rename is already atomic
        }
    }

    /** A temporary file left by a crash holds a password nobody was shown: it is removed. */
    private static void borrarTemporales(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (DirectoryStream<Path> restos = Files.newDirectoryStream(dataDir,
                PREFIJO_TEMPORAL + "*" + SUFIJO_TEMPORAL)) {
            for (Path resto : restos) {
                Files.deleteIfExists(resto);
            }
        }
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
