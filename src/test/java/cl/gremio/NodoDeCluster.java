package cl.gremio;

import java.nio.file.Path;

import cl.gremio.kafka.EmbeddedKafka;

/** One broker of a three-node KRaft cluster, as a process of its own (so a test can kill it). */
public final class NodoDeCluster {

    private NodoDeCluster() {
    }

    /** Arguments: log dir, node id, port, controller port, voters ({@code id@host:port,...}). */
    public static void main(String[] args) throws Exception {
        EmbeddedKafka nodo = new EmbeddedKafka(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], 3);
        nodo.start();
        Thread.currentThread().join();
    }
}
