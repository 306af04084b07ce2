package cl.gremio.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of a record that goes to {@code <topic>.DLT}. It is the record as it was read, unless
 * that would not fit: a record near the broker's limit (1,048,588 bytes) plus the {@code dlt.*}
 * headers exceeds the producer's {@code max.request.size}, the send fails every time, and the
 * partition would stop for ever. Such a copy is cut down to {@code gremio.dlt.max-bytes}: the
 * reason, the origin, the value's SHA-256 and size, the original headers that fit a small budget,
 * and as much of the value as fits; {@code dlt.recortado=true} says so.
 */
public class CopiaDlt {

    private static final Logger LOG = LoggerFactory.getLogger(CopiaDlt.class);
    /** What a cut-down copy keeps of the original headers at most, and of one header's name. */
    static final int CABECERAS_MAX = 16 * 1024;
    static final int NOMBRE_MAX = 256;
    /** A reason or a key longer than this is cut in a cut-down copy (a store's message may quote a value). */
    static final int TEXTO_MAX = 1024;
    /** A cut-down copy a broker still refused (its DLT topic has a lower max.message.bytes) is sent this small. */
    static final int MINIMA = 4 * 1024;
    /** What the route says of the record (registro-invalido); any other dlt.* header is the record's own. */
    private static final Set<String> DE_LA_RUTA = Set.of("dlt.motivo", "dlt.origen");
    /** What a cut says of the original; a second, smaller cut keeps it (it describes the record, not the first cut). */
    private static final Set<String> DEL_RECORTE = Set.of("dlt.recortado", "dlt.tamano-original", "dlt.valor-bytes",
            "dlt.valor-sha256", "dlt.cabeceras-quitadas");
    /** Exchange property: this copy was cut once already. */
    private static final String RECORTADA = "gremio.dlt.recortada";

    private final int maximo;

    public CopiaDlt(int maximo) {
        this.maximo = maximo;
    }

    /**
     * Cuts the copy down to {@code gremio.dlt.max-bytes} (or the producer's max.request.size, if
     * lower) when it would not fit. The reason goes on one line first ({@link #enUnaLinea}): the
     * route logs it, and it may quote what the record holds.
     */
    public void ajustar(Exchange e) {
        String motivo = e.getMessage().getHeader("dlt.motivo", String.class);
        if (motivo != null) {
            e.getMessage().setHeader("dlt.motivo", enUnaLinea(motivo));
        }
        KafkaConfiguration conf = e.getContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
        Integer maxRequest = conf.getMaxRequestSize();
        recortar(e, Math.min(maximo, maxRequest == null ? maximo : maxRequest));
    }

    /** The broker refused the copy as too large even so: the reason, the origin, the digest and the value's first bytes. */
    public void minima(Exchange e) {
        recortar(e, MINIMA);
    }

    private static void recortar(Exchange e, int limite) {
        Message m = e.getMessage();
        KafkaConfiguration conf = e.getContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
        byte[] valor = m.getBody(byte[].class);
        String clave = m.getHeader(KafkaConstants.KEY, String.class);
        // the headers the Kafka producer would send, as it serialises them: ours (dlt.*) and the record's
        List<Header> todas = propagadas(e, conf);
        // a producer may send dlt.* headers of its own (even one near the broker's limit): they are the record's
        boolean yaRecortada = e.getProperty(RECORTADA, false, Boolean.class);
        List<Header> originales = todas.stream().filter(h -> {
            String nombre = h.key().toLowerCase(Locale.ROOT);
            return !DE_LA_RUTA.contains(nombre) && !(yaRecortada && DEL_RECORTE.contains(nombre));
        }).toList();
        int tamano = tamano(utf8(clave), valor, todas);
        if (tamano <= limite) {
            return;
        }
        // cut down: the original headers go (those that fit a small budget come back), the reason and key are capped
        originales.forEach(h -> m.removeHeader(h.key()));
        m.setHeader("dlt.motivo", cortar(m.getHeader("dlt.motivo", "", String.class), TEXTO_MAX));
        if (clave != null && utf8(clave).length > TEXTO_MAX) {
            m.setHeader(KafkaConstants.KEY, cortar(clave, TEXTO_MAX));
        }
        int quitadas = 0;
        if (yaRecortada) {
            quitadas = Integer.parseInt(m.getHeader("dlt.cabeceras-quitadas", "0", String.class));
        } else {
            m.setHeader("dlt.recortado", "true");
            m.setHeader("dlt.tamano-original", String.valueOf(tamano));
            m.setHeader("dlt.valor-bytes", String.valueOf(valor == null ? 0 : valor.length));
            m.setHeader("dlt.valor-sha256", sha256(valor));
            e.setProperty(RECORTADA, true);
        }
        int presupuesto = Math.min(CABECERAS_MAX, limite / 4);
        for (Header h : originales) {
            int nombre = utf8(h.key()).length;
            int bytes = nombre + h.value().length;
            // one named as ours would overwrite what we say of the record
            if (nombre <= NOMBRE_MAX && bytes <= presupuesto && !DEL_RECORTE.contains(h.key().toLowerCase(Locale.ROOT))) {
                m.setHeader(h.key(), h.value());
                presupuesto -= bytes;
            } else {
                quitadas++;
            }
        }
        m.setHeader("dlt.cabeceras-quitadas", String.valueOf(quitadas));
        byte[] cortado = valor;
        if (valor != null) {
            // the value takes what is left, measured with an empty value in its place
            List<Header> quedan = propagadas(e, conf);
            int sinValor = tamano(utf8(m.getHeader(KafkaConstants.KEY, String.class)), new byte[0], quedan);
            // a varint of the value's length takes up to 5 bytes more than an empty one's
            int cabe = Math.max(0, Math.min(valor.length, limite - sinValor - 5));
            cortado = Arrays.copyOf(valor, cabe);
            m.setBody(cortado);
        }
        LOG.warn("{} is too large for {}.DLT ({} bytes, at most {}): its copy is cut down to {} of its {} value"
                + " bytes and {} original header(s) are left out; dlt.valor-sha256 identifies the value",
                m.getHeader("dlt.origen"), m.getHeader(KafkaConstants.TOPIC), tamano, limite,
                cortado == null ? 0 : cortado.length, valor == null ? 0 : valor.length, quitadas);
    }

    /** The message's headers as Camel's Kafka producer turns them into record headers (filter, then serialiser). */
    static List<Header> propagadas(Exchange e, KafkaConfiguration conf) {
        List<Header> cabeceras = new ArrayList<>();
        e.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null && !conf.getHeaderFilterStrategy().applyFilterToCamelHeaders(k, v, e)) {
                byte[] b = conf.getHeaderSerializer().serialize(k, v);
                if (b != null) {
                    cabeceras.add(new RecordHeader(k, b));
                }
            }
        });
        return cabeceras;
    }

    /** What the Kafka producer measures a record as before it refuses it ({@code max.request.size}). */
    static int tamano(byte[] clave, byte[] valor, List<Header> cabeceras) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                clave, valor, cabeceras.toArray(Header[]::new));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A reason as one log line of at most {@link #TEXTO_MAX} bytes: it quotes the record (the name
     * of a property its schema does not declare, a duplicate key, a store's message), so a line
     * break, an escape sequence or a bidirectional override in it is written as {@code \\uXXXX}
     * (one once forged a log line of its own), and a 15,000-character name is cut.
     */
    static String enUnaLinea(String motivo) {
        StringBuilder sb = new StringBuilder(Math.min(motivo.length(), TEXTO_MAX));
        for (int i = 0; i < motivo.length() && sb.length() <= TEXTO_MAX; i++) {
            char c = motivo.charAt(i);
            int tipo = Character.getType(c);
            if (tipo == Character.CONTROL || tipo == Character.FORMAT || tipo == Character.LINE_SEPARATOR
                    || tipo == Character.PARAGRAPH_SEPARATOR
                    || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < motivo.length()
                            && Character.isLowSurrogate(motivo.charAt(i + 1)))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
                if (Character.isHighSurrogate(c)) {
                    sb.append(motivo.charAt(++i));
                }
            }
        }
        return cortar(sb.toString(), TEXTO_MAX);
    }

    /** The longest start of {@code s} whose UTF-8 fits {@code bytes} (never half a surrogate pair). */
    static String cortar(String s, int bytes) {
        if (s.length() * 3 <= bytes || utf8(s).length <= bytes) {
            return s;
        }
        int fin = 0;
        int usados = 0;
        while (fin < s.length()) {
            int cp = s.codePointAt(fin);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (usados + n > bytes) {
                break;
            }
            usados += n;
            fin += Character.charCount(cp);
        }
        return s.substring(0, fin);
    }

    static String sha256(byte[] valor) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(valor == null ? new byte[0] : valor));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
