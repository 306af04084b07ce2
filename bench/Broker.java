import java.nio.file.Path;

import cl.gremio.kafka.EmbeddedKafka;

/**
 * A one-node Kafka broker in a process of its own, the same one Gremio embeds: for measuring an
 * instance that restarts while its broker keeps running (bench/arranque.sh). Prints "BROKER UP".
 *
 *   java -cp "target/classes:target/lib/*" bench/Broker.java <log dir> <port> <controller port>
 */
public class Broker {
    public static void main(String[] a) throws Exception {
        EmbeddedKafka broker = new EmbeddedKafka(Path.of(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]));
        broker.start();
        System.out.println("BROKER UP");
        Thread.currentThread().join();
    }
}
