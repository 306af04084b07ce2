package cl.gremio.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.kafka.common.utils.Utils;

/**
 * Where each content of a flow (ventas, ubicacion, stock) is written and read: the topic layout
 * ({@code gremio.kafka.disposicion}, docs/escala.md).
 * <ul>
 * <li>{@code semilla}: the contract's layout, the flow's topic with a partition per content
 * (NuevaVenta/0 the sale, NuevaVenta/1 its client part, ...): what the original consumers read.</li>
 * <li>{@code particionada}: a topic per content ({@code gremio.topico.venta}, ...), each with
 * {@code gremio.kafka.particiones-por-contenido} partitions, a record in partition
 * hash(carrito) mod N, Kafka's own partitioner's formula; the same number in both topics of a
 * flow, so RangeAssignor gives one consumer a sale and its client part.</li>
 * </ul>
 * Members keep the seed's topic in both layouts: a handful a day, and their two partitions are
 * what keeps premium applications from waiting behind normal ones.
 */
public final class Disposicion {

    public static final String SEMILLA = "semilla";
    public static final String PARTICIONADA = "particionada";

    /** Each flow's contents, in partition order of the seed's layout, by the setting naming their own topic. */
    private static final Map<String, List<String>> CONTENIDOS = new LinkedHashMap<>();
    static {
        CONTENIDOS.put("ventas", List.of("venta", "cliente"));
        CONTENIDOS.put("ubicacion", List.of("posicion", "aviso"));
        CONTENIDOS.put("stock", List.of("reporte", "reposicion"));
    }

    private final boolean particionada;
    private final int particiones;
    private final int particionesSemilla;
    /** flow -> the seed's topic; flow -> its contents' topics (particionada). */
    private final Map<String, String> semilla = new LinkedHashMap<>();
    private final Map<String, List<String>> porContenido = new LinkedHashMap<>();
    private final String miembros;

    /** {@code ajuste}: a setting's value by its key (config/application.properties). */
    public Disposicion(Function<String, String> ajuste) {
        String nombre = ajuste.apply("gremio.kafka.disposicion");
        if (!SEMILLA.equals(nombre) && !PARTICIONADA.equals(nombre)) {
            throw new IllegalStateException("gremio.kafka.disposicion is '" + nombre + "': it must be " + SEMILLA
                    + " or " + PARTICIONADA);
        }
        particionada = PARTICIONADA.equals(nombre);
        particiones = particiones(ajuste, "gremio.kafka.particiones-por-contenido", 1);
        // the seed's layout writes a flow's second content (a client part, a premium application)
        // to partition 1: with one partition the instance started and answered every sale 503
        particionesSemilla = particiones(ajuste, "gremio.kafka.particiones", 2);
        CONTENIDOS.forEach((flujo, contenidos) -> {
            semilla.put(flujo, ajuste.apply("gremio.topico." + flujo));
            porContenido.put(flujo, contenidos.stream().map(c -> ajuste.apply("gremio.topico." + c)).toList());
        });
        miembros = ajuste.apply("gremio.topico.miembros");
    }

    /** A partition count of the settings, refused at start (with its setting's name) below {@code minimo} or not a number. */
    private static int particiones(Function<String, String> ajuste, String clave, int minimo) {
        String valor = ajuste.apply(clave);
        int n;
        try {
            n = Integer.parseInt(valor.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < minimo) {
            throw new IllegalStateException(clave + " is '" + valor + "': it must be a whole number of partitions, at least "
                    + minimo + " (docs/escala.md)");
        }
        return n;
    }

    /**
     * The layout of the settings, with what each flow's consumer reads published as the setting
     * {@code gremio.lectura.<flujo>}, which the routes take as a {{placeholder}}.
     */
    public static Disposicion publicar(CamelContext context, Function<String, String> ajuste) {
        Disposicion disposicion = new Disposicion(ajuste);
        for (String flujo : flujos()) {
            context.getPropertiesComponent().addOverrideProperty("gremio.lectura." + flujo, disposicion.lectura(flujo));
        }
        return disposicion;
    }

    public boolean particionada() {
        return particionada;
    }

    public String nombre() {
        return particionada ? PARTICIONADA : SEMILLA;
    }

    public int particiones() {
        return particiones;
    }

    /** The topic {@code contenido} (0 or 1, as the seed's partition) of {@code flujo} is written to. */
    public String topico(String flujo, int contenido) {
        return particionada ? porContenido.get(flujo).get(contenido) : semilla.get(flujo);
    }

    /** The partition a record of {@code contenido} about {@code carrito} is written to. */
    public int particion(int contenido, String carrito) {
        return particionada ? Utils.toPositive(Utils.murmur2(carrito.getBytes(StandardCharsets.UTF_8))) % particiones
                : contenido;
    }

    /** The topics a flow's consumer reads, comma-separated as the Kafka endpoint takes them. */
    public String lectura(String flujo) {
        return String.join(",", leidos(flujo));
    }

    /** The topics a flow's consumer reads. */
    public List<String> leidos(String flujo) {
        return particionada ? porContenido.get(flujo) : List.of(semilla.get(flujo));
    }

    /**
     * The topics a flow's consumer reads in order of content, when a record's content is its
     * topic (particionada); empty when it is its partition (semilla).
     */
    public List<String> contenidosPorTopico(String flujo) {
        return particionada ? porContenido.get(flujo) : List.of();
    }

    /** Every topic of this layout (members' included) with the partitions it must have at least; DLTs too. */
    public Map<String, Integer> topicos() {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put(miembros, particionesSemilla);
        t.put(miembros + ".DLT", particionesSemilla);
        for (String flujo : CONTENIDOS.keySet()) {
            for (String topico : leidos(flujo)) {
                int n = particionada ? particiones : particionesSemilla;
                t.put(topico, n);
                t.put(topico + ".DLT", n);
            }
        }
        return t;
    }

    /** The other layout's topics of each flow (not the members'), what an instance must not leave unread. */
    public Map<String, List<String>> deLaOtra() {
        Map<String, List<String>> otra = new LinkedHashMap<>();
        CONTENIDOS.keySet().forEach(flujo -> otra.put(flujo,
                particionada ? List.of(semilla.get(flujo)) : porContenido.get(flujo)));
        return otra;
    }

    /** The flows that have a layout (members' does not). */
    public static List<String> flujos() {
        return new ArrayList<>(CONTENIDOS.keySet());
    }
}
