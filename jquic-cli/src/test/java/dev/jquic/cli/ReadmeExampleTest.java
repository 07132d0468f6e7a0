package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.Quic;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API example of README.md, kept compiling and working (port 0 instead of 4433). */
class ReadmeExampleTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readmeEchoExampleWorks() throws Exception {
        StringBuffer printed = new StringBuffer();
        // --- as in README.md, with port(0) and server.port() ---
        QuicServer server = Quic.server().host("127.0.0.1").port(0).alpn("echo")
                .handler(new QuicHandler() {
                    @Override public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                        stream.write(ByteBuffer.allocate(data.remaining()).put(data).flip());
                        if (fin) stream.finish();
                    }
                })
                .listen();

        QuicConnection connection = Quic.client().alpn("echo")
                .tls(TlsOptions.pin(server.certificateFingerprint()))
                .handler(new QuicHandler() {
                    @Override public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                        printed.append(StandardCharsets.UTF_8.decode(data));
                        if (fin) stream.connection().close();
                    }
                })
                .connect("127.0.0.1", server.port()).get(20, TimeUnit.SECONDS);
        QuicStream stream = connection.openStream().get(20, TimeUnit.SECONDS);
        stream.write(ByteBuffer.wrap("hello, QUIC\n".getBytes(StandardCharsets.UTF_8)));
        stream.finish();
        connection.closeFuture().get(20, TimeUnit.SECONDS);
        server.close();
        // ---

        assertEquals("hello, QUIC\n", printed.toString());
    }
}
