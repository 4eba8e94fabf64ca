package io.rangefinder.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain loopback TCP forwarder whose one trick is {@link #dropAll()}: reset every connection
 * open at that moment. Put in front of a {@link FaultProxy}, it turns a fault set half way through
 * a transfer into one that hits the client at once, instead of only on the connections it opens
 * later (HTTP clients keep their pooled connections otherwise).
 */
public final class ConnectionDropper implements Closeable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ConnectionDropper(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("dropper-accept").start(this::acceptLoop);
    }

    /** Forwards to {@code 127.0.0.1:port}. */
    public static ConnectionDropper to(int port) {
        try {
            return new ConnectionDropper(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the connection dropper", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: point the client here. */
    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Resets (RST) every connection open now, both sides; new connections are forwarded as before. */
    public void dropAll() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            quietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try {
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                    open.add(client);
                    open.add(upstream);
                    Thread.ofVirtual().start(() -> pump(client, upstream));
                    pump(upstream, client);
                } catch (IOException e) {
                    quietly(client);
                }
            });
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away
        } finally {
            quietly(from);
            quietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public void close() {
        closed = true;
        quietly(listener);
        dropAll();
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
