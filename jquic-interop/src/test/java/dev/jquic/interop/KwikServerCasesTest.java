package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.types.Version;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tech.kwik.core.QuicConnection.QuicVersion;

/** Interop cases: jquic client downloads from a Kwik server. */
@ExtendWith(InteropMatrix.class)
@Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (intermittent, any case; root cause open)")
@InteropMatrix.Suite(peer = "Kwik 0.10.3", direction = "jquic client → peer server")
class KwikServerCasesTest extends JquicClientRelayCases {

    @TempDir
    Path directory;
    private final KwikPeer peer = new KwikPeer();

    @AfterEach
    void stop() {
        peer.close();
    }

    @Override
    InetSocketAddress retryingPeerServer() throws Exception {
        return peer.startServer(directory, true, 100);
    }

    @Override
    InetSocketAddress peerServer() throws Exception {
        return server();
    }

    private InetSocketAddress server() throws Exception {
        return peer.startServer(directory, false, 100);
    }

    @Test
    void handshake() throws Exception {
        JquicDownloadClient.Result result = new JquicDownloadClient().run(server(), 1_000);
        assertEquals(1, result.filesVerified());
        assertEquals("hq-interop", result.applicationProtocol());
    }

    @Test
    @Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (root cause open)")
    void v2() throws Exception {
        InetSocketAddress server = peer.startServer(directory, false, 100, QuicVersion.V1, QuicVersion.V2);
        JquicDownloadClient client = new JquicDownloadClient();
        // Compatible version negotiation (RFC 9368): first Initial in v1, both offered, v2 preferred.
        client.config = client.config.toBuilder().version(Version.V1).supportedVersions(List.of(Version.V2,
                Version.V1)).build();
        JquicDownloadClient.Result result = client.run(server, MIB);
        assertEquals(1, result.filesVerified());
        assertEquals(Version.V2, result.version());
    }

    @Test
    @Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (root cause open)")
    @Override
    void handshakeloss() throws Exception {
        super.handshakeloss();
    }

    @Test
    @Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (root cause open)")
    @Override
    void handshakecorruption() throws Exception {
        super.handshakecorruption();
    }

    @Test
    @Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (root cause open)")
    @Override
    void blackhole() throws Exception {
        super.blackhole();
    }

    @Test
    @Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (root cause open)")
    @Override
    void rebind_port() throws Exception {
        super.rebind_port();
    }

    @Test
    @Disabled("issue #6: jquic client -> Kwik server stalls after 40-60 KB now and then (root cause open); 7.1 Mbit/s measured")
    @Override
    void goodput() throws Exception {
        super.goodput();
    }

    @Override
    InetSocketAddress peerServer(TestCertificates certificates) throws Exception {
        return peer.startServer(certificates, false, 100);
    }

    @Test
    @Override
    void zerortt() throws Exception {
        super.zerortt();
    }
}
