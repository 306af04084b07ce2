package cl.gremio.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The layout's settings as config/application.properties has them, with a test's changes. */
class DisposicionTest {

    static Disposicion con(Map<String, String> cambios) throws Exception {
        Properties archivo = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("config/application.properties"))) {
            archivo.load(r);
        }
        archivo.putAll(cambios);
        return new Disposicion(archivo::getProperty);
    }

    @Test
    void porDefectoSemillaConDosParticiones() throws Exception {
        Disposicion d = con(Map.of());
        assertEquals(Map.of("NuevoMiembro", 2, "NuevoMiembro.DLT", 2, "NuevaVenta", 2, "NuevaVenta.DLT", 2,
                "Ubicacion", 2, "Ubicacion.DLT", 2, "Stock", 2, "Stock.DLT", 2), d.topicos());
        assertEquals(1, d.particion(1, "A"), "the client part: partition 1");
    }

    /**
     * A partition count the layout cannot work with is refused at start, naming its setting: the
     * seed's layout with one partition used to start and answer every sale 503 (partition 1 of a
     * one-partition topic), and 0 reached the broker as a topic it refused, reported as "is the
     * cluster up?".
     */
    @Test
    void rechazaParticionesQueLaDisposicionNoPuedeUsar() {
        for (var caso : Map.of("gremio.kafka.particiones", "1", "gremio.kafka.particiones-por-contenido", "0")
                .entrySet()) {
            for (String valor : new String[] {caso.getValue(), "-3", "doce", ""}) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> con(Map.of(caso.getKey(), valor, "gremio.kafka.disposicion", "particionada")));
                assertEquals(caso.getKey() + " is '" + valor + "': it must be a whole number of partitions, at least "
                        + (caso.getKey().equals("gremio.kafka.particiones") ? 2 : 1) + " (docs/escala.md)", e.getMessage());
            }
        }
    }
}
