package cl.gremio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that a test can cut and restore: the way to take a database
 * away from the application (and give it back) without stopping the machine's PostgreSQL.
 */
final class ProxyTcp implements AutoCloseable {

    final int puerto;
    private final int destino;
    private final List<Socket> abiertos = new CopyOnWriteArrayList<>();
    private volatile ServerSocket servidor;

    ProxyTcp(int destino) throws IOException {
        this.destino = destino;
        this.puerto = AppEnMarcha.puertoLibre();
        restaurar();
    }

    /** Accepts connections again. */
    synchronized void restaurar() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), puerto));
        servidor = s;
        Thread t = new Thread(() -> aceptar(s), "proxy-" + puerto);
        t.setDaemon(true);
        t.start();
    }

    /** Drops every open connection and refuses new ones, as a database that went away. */
    synchronized void cortar() throws IOException {
        servidor.close();
        for (Socket s : abiertos) {
            s.close();
        }
        abiertos.clear();
    }

    private void aceptar(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket cliente = s.accept();
                Socket servidorDestino = new Socket(InetAddress.getLoopbackAddress(), destino);
                abiertos.add(cliente);
                abiertos.add(servidorDestino);
                bombear(cliente, servidorDestino);
                bombear(servidorDestino, cliente);
            } catch (IOException e) {
                // closed: cut
            }
        }
    }

    private void bombear(Socket desde, Socket hacia) {
        Thread t = new Thread(() -> {
            try (InputStream in = desde.getInputStream(); OutputStream out = hacia.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    desde.close();
                    hacia.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "proxy-bomba");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        cortar();
    }
}
