package dev.faceanon.djl.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server on a raw socket that writes whatever bytes a test scripts: headers no HTTP library would
 * produce (numbers beyond 64 bits, malformed Locations, duplicated headers), bodies that never end
 * or trickle. One request per connection; the connection closes after the response.
 */
final class RawHttpServer implements AutoCloseable {

    /**
     * A request as received.
     *
     * @param method the method
     * @param path the raw path
     * @param headers header names in lower case to values
     */
    record Request(String method, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the response to one request. */
    interface Handler {
        void handle(Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    RawHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "raw-http-accept");
        accept.setDaemon(true);
        accept.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** @return "METHOD path [range]" of every request so far */
    List<String> requests() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** Writes a status line, the headers as given (each pair verbatim, duplicates allowed) and the body. */
    static void respond(OutputStream out, int status, List<String[]> headers, byte[] body) throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (String[] h : headers) {
            b.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "raw-http");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            Request r = read(s.getInputStream());
            if (r == null) {
                return;
            }
            log.add(r.method() + " " + r.path() + (r.header("Range") != null ? " " + r.header("Range") : ""));
            handler.handle(r, s.getOutputStream());
        } catch (IOException e) {
            // the client went away: what a trickling or endless response ends in
        } finally {
            open.remove(s);
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while (state < 4 && (c = in.read()) >= 0) {
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            return null;
        }
        String[] first = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Request(first[0], first[1], headers);
    }
}
