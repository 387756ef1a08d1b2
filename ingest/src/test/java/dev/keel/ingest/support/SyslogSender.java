package dev.keel.ingest.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A plain TCP syslog sender for tests. */
public final class SyslogSender implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    public SyslogSender(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        out = socket.getOutputStream();
    }

    public SyslogSender send(String text) throws IOException {
        out.write(text.getBytes(UTF_8));
        out.flush();
        return this;
    }

    /** One RFC 6587 octet-counted frame. */
    public SyslogSender sendCounted(String message) throws IOException {
        byte[] bytes = message.getBytes(UTF_8);
        return send(bytes.length + " " + message);
    }

    /** Half-closes the connection: the server reads what was sent, then the end of the stream. */
    public SyslogSender finishSending() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /**
     * True once the server has closed the connection: a read sees end of stream or a reset.
     * Blocks up to {@code timeoutMillis}; false if the connection is still open then.
     */
    public boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
