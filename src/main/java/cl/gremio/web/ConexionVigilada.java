package cl.gremio.web;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The limits of one HTTP/1.x connection, as two Netty handlers around Vert.x's codec: one next to
 * the socket sees bytes (the first byte of a request, and every write), one after the codec sees
 * requests and answers. Both run on the connection's event loop only.
 *
 * <ul>
 * <li>Idle: no request under way and nothing received for {@code ocioso}: closed.
 * <li>Headers: a request's head not complete {@code cabeceras} after its first byte: 408, closed.
 * <li>Body: a body not complete {@code cuerpo} after its head: 408 (when no answer started), closed.
 * <li>Output: an answer is handed to the socket in slices, at most {@code salida} bytes of it in
 * Netty at a time; the rest waits here, in the heap. Netty copies every write into direct memory: a
 * 5 MB answer to 400 clients that do not read took 2 GB of it and blocked the event loop in
 * {@code Bits.reserveMemory}. What waits here, over all connections, is bounded too
 * ({@code encoladosTotal} against {@code presupuesto}): an answer that would pass the bound closes
 * its connection. Vert.x always sees a writable channel, so it hands over whole answers and the
 * exchange ends (its stream pump, paused on a full channel, never resumed once the connection
 * closed: the exchange, and its body, stayed in flight for good). Answers waiting on one
 * connection past {@link #COLA_POR_CONEXION} × {@code salida} bytes (pipelined requests of a client
 * that does not read): closed. Vert.x answers pipelined requests one after the other itself.
 * <li>Write: output waiting and none of it taken by the client for {@code escritura}: closed.
 * </ul>
 * A wait for input counts only while Vert.x reads the connection (it pauses reading at times).
 */
final class ConexionVigilada {

    /** The limits, in nanoseconds, and the per-connection output bound in bytes. */
    record Plazos(long ocioso, long cabeceras, long cuerpo, long escritura, int salida) {

        /** How often a connection checks its clocks: a quarter of the shortest limit, 50 ms to 1 s. */
        long revisionMs() {
            long menor = Math.min(Math.min(ocioso, cabeceras), Math.min(cuerpo, escritura));
            return Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(menor) / 4));
        }
    }

    private enum Fase { OCIOSA, CABECERA, CUERPO }

    /** answers waiting for one client, in slices of salida: more closes the connection */
    static final int COLA_POR_CONEXION = 16;

    private static final byte[] TIEMPO_AGOTADO = respuesta408();

    private final Plazos plazos;
    private final Channel canal;
    private final AtomicLong encoladosTotal;
    private final long presupuesto;
    /** Next to the socket: bytes read, writes sliced. */
    final ChannelDuplexHandler bytes = new Bytes();
    /** After the codec: requests and answers. */
    final ChannelDuplexHandler peticiones = new Peticiones();

    private Fase fase = Fase.OCIOSA;
    private long desde = System.nanoTime();
    /** requests handed to Vert.x whose answer has not left yet */
    private int sinEntregar;
    private boolean respuestaEmpezada;
    /** writes waiting for the client to read: each a message and its promise */
    private final ArrayDeque<Object[]> cola = new ArrayDeque<>();
    /** bytes in cola, also counted in encoladosTotal */
    private long encolados;
    private boolean vaciadoPendiente;
    /** bytes written to Netty whose write has not completed */
    private long enVuelo;
    private long ultimoProgreso = System.nanoTime();
    private ChannelHandlerContext ctxBytes;
    private ChannelHandlerContext ctxPeticiones;
    private ScheduledFuture<?> revision;

    ConexionVigilada(Channel canal, Plazos plazos, AtomicLong encoladosTotal, long presupuesto) {
        this.canal = canal;
        this.plazos = plazos;
        this.encoladosTotal = encoladosTotal;
        this.presupuesto = presupuesto;
        // pacing is done here, by bytes in flight: to Vert.x the channel is always writable
        canal.config().setWriteBufferWaterMark(new WriteBufferWaterMark(Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
    }

    /** Starts the clock; call on the event loop once both handlers are in the pipeline. */
    void vigilar() {
        long cada = plazos.revisionMs();
        revision = canal.eventLoop().scheduleAtFixedRate(this::revisar, cada, cada, TimeUnit.MILLISECONDS);
        canal.closeFuture().addListener(f -> liberar());
    }

    private void revisar() {
        if (!canal.isActive()) {
            return;
        }
        long ahora = System.nanoTime();
        if ((enVuelo > 0 || !cola.isEmpty()) && ahora - ultimoProgreso > plazos.escritura()) {
            canal.close();
            return;
        }
        if (!canal.config().isAutoRead()) {
            desde = ahora; // Vert.x is not reading: the client is not the one keeping us waiting
            return;
        }
        switch (fase) {
            case OCIOSA -> {
                if (sinEntregar == 0 && enVuelo == 0 && cola.isEmpty() && ahora - desde > plazos.ocioso()) {
                    canal.close();
                }
            }
            case CABECERA -> {
                if (ahora - desde > plazos.cabeceras()) {
                    agotado();
                }
            }
            case CUERPO -> {
                if (ahora - desde > plazos.cuerpo()) {
                    agotado();
                }
            }
        }
    }

    /**
     * 408 and closed; the 408 only when the late request is the only one on the connection and no
     * answer is under way (it would interleave with one, or answer another request).
     */
    private void agotado() {
        boolean sola = sinEntregar <= (fase == Fase.CUERPO ? 1 : 0);
        if (sola && !respuestaEmpezada && enVuelo == 0 && cola.isEmpty() && ctxBytes != null) {
            ctxBytes.writeAndFlush(Unpooled.wrappedBuffer(TIEMPO_AGOTADO)).addListener(ChannelFutureListener.CLOSE);
        } else {
            canal.close();
        }
    }

    private void liberar() {
        if (revision != null) {
            revision.cancel(false);
        }
        ClosedChannelException cerrado = new ClosedChannelException();
        for (Object[] pendiente : cola) {
            ReferenceCountUtil.release(pendiente[0]);
            ((ChannelPromise) pendiente[1]).tryFailure(cerrado);
        }
        cola.clear();
        encoladosTotal.addAndGet(-encolados);
        encolados = 0;
    }

    private static byte[] respuesta408() {
        String cuerpo = "{\"error\": \"la petición no llegó completa a tiempo; vuelva a enviarla\", \"campo\": null}";
        byte[] json = cuerpo.getBytes(StandardCharsets.UTF_8);
        String cabeza = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=UTF-8\r\n"
                + "Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n";
        byte[] todo = new byte[cabeza.length() + json.length];
        System.arraycopy(cabeza.getBytes(StandardCharsets.US_ASCII), 0, todo, 0, cabeza.length());
        System.arraycopy(json, 0, todo, cabeza.length(), json.length);
        return todo;
    }

    private final class Bytes extends ChannelDuplexHandler {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctxBytes = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (fase == Fase.OCIOSA) {
                fase = Fase.CABECERA;
                desde = System.nanoTime();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long tamano = tamano(msg);
            if (cola.isEmpty() && enVuelo + tamano <= plazos.salida()) {
                escribir(ctx, msg, promise);
                return;
            }
            if (tamano > 0 && !cola.isEmpty() && encolados + tamano > (long) COLA_POR_CONEXION * plazos.salida()) {
                ReferenceCountUtil.release(msg);
                promise.tryFailure(new ClosedChannelException());
                ctx.close(); // a client that asks and does not read: its answers would only pile up
                return;
            }
            if (encoladosTotal.addAndGet(tamano) > presupuesto) {
                encoladosTotal.addAndGet(-tamano);
                ReferenceCountUtil.release(msg);
                promise.tryFailure(new ClosedChannelException());
                ctx.close(); // answers waiting for their clients already fill gremio.http.salida-total-bytes
                return;
            }
            encolados += tamano;
            cola.add(new Object[] {msg, promise});
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            vaciar(ctx);
            ctx.flush();
        }

        /** Hands Netty what waits, while less than salida bytes are in flight. */
        private void vaciar(ChannelHandlerContext ctx) {
            while (!cola.isEmpty() && enVuelo < plazos.salida() && ctx.channel().isActive()) {
                Object[] pendiente = cola.peek();
                ChannelPromise promesa = (ChannelPromise) pendiente[1];
                int cabe = (int) (plazos.salida() - enVuelo);
                if (pendiente[0] instanceof ByteBuf b && b.readableBytes() > cabe) {
                    ChannelPromise parte = ctx.newPromise();
                    parte.addListener(f -> {
                        if (!f.isSuccess()) {
                            promesa.tryFailure(f.cause());
                        }
                    });
                    desencolar(cabe);
                    escribir(ctx, b.readRetainedSlice(cabe), parte);
                } else {
                    cola.poll();
                    desencolar(tamano(pendiente[0]));
                    escribir(ctx, pendiente[0], promesa);
                }
            }
        }

        private void desencolar(long tamano) {
            encolados -= tamano;
            encoladosTotal.addAndGet(-tamano);
        }

        private void escribir(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long tamano = tamano(msg);
            if (tamano == 0) {
                ctx.write(msg, promise);
                return;
            }
            if (enVuelo == 0) {
                ultimoProgreso = System.nanoTime();
            }
            enVuelo += tamano;
            ChannelPromise promesa = promise.unvoid();
            promesa.addListener(f -> {
                enVuelo -= tamano;
                ultimoProgreso = System.nanoTime();
                if (!cola.isEmpty() && !vaciadoPendiente) {
                    // not from inside Netty's flush, which would ignore a nested one
                    vaciadoPendiente = true;
                    ctx.executor().execute(() -> {
                        vaciadoPendiente = false;
                        vaciar(ctx);
                        ctx.flush();
                    });
                }
            });
            ctx.write(msg, promesa);
        }
    }

    private static long tamano(Object msg) {
        return msg instanceof ByteBuf b ? b.readableBytes() : msg instanceof FileRegion r ? r.count() : 0;
    }

    private final class Peticiones extends ChannelDuplexHandler {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctxPeticiones = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                fase = Fase.CUERPO;
                desde = System.nanoTime();
            }
            if (msg instanceof LastHttpContent) {
                fase = Fase.OCIOSA;
                desde = System.nanoTime();
            }
            if (msg instanceof HttpRequest) {
                sinEntregar++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse) {
                respuestaEmpezada = true;
            }
            if (msg instanceof LastHttpContent) {
                respuestaEmpezada = false;
                ChannelPromise promesa = promise.unvoid();
                promesa.addListener(f -> {
                    // this answer has left (or the connection is gone)
                    sinEntregar = Math.max(0, sinEntregar - 1);
                    if (fase == Fase.OCIOSA) {
                        desde = System.nanoTime();
                    }
                });
                ctx.write(msg, promesa);
            } else {
                ctx.write(msg, promise);
            }
        }
    }
}
