package dev.jquic.interop;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * Collects the outcome of every interop case (peer x direction x case) and, when the system
 * property {@code interop.matrix} names a file, writes the matrix there as Markdown at the end of
 * the test run. A case's name is its test method's name with '_' read as '-'. A case the peer
 * cannot do calls {@link #notSupported}, which aborts the test and records the reason.
 */
final class InteropMatrix implements TestWatcher {

    /** The peer and direction of the cases of one test class. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Suite {
        String peer();

        String direction();
    }

    static final List<String> CASES = List.of("handshake", "transfer", "multiplexing", "chacha20", "keyupdate",
            "retry", "resumption", "zerortt", "v2", "handshakeloss", "transferloss", "handshakecorruption",
            "transfercorruption", "longrtt", "goodput", "blackhole", "amplificationlimit", "rebind-port");
    static final List<String> COLUMNS = List.of(
            "Netty QUIC 4.2.18 (quiche)|jquic client → peer server",
            "Netty QUIC 4.2.18 (quiche)|peer client → jquic server",
            "Kwik 0.10.3|jquic client → peer server",
            "Kwik 0.10.3|peer client → jquic server");
    private static final String NOT_SUPPORTED = "not supported by peer: ";
    private static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();
    private static final Map<String, String> NOTES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(InteropMatrix::writeIfAsked, "interop-matrix"));
    }

    /** Aborts the current case, recording that the peer cannot do it and why. */
    static void notSupported(String reason) {
        throw new TestAbortedException(NOT_SUPPORTED + reason);
    }

    /** Adds a measurement to the current case's cell (shown after its outcome). */
    static void note(Class<?> suite, String caseName, String text) {
        NOTES.merge(key(suite, caseName), text, (a, b) -> a + "; " + b);
    }

    private static String key(Class<?> suite, String caseName) {
        Suite annotation = suite.getAnnotation(Suite.class);
        return annotation.peer() + "|" + annotation.direction() + "|" + caseName;
    }

    private static Optional<String> keyOf(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty() || context.getRequiredTestClass().getAnnotation(Suite.class) == null) {
            return Optional.empty();
        }
        return Optional.of(key(context.getRequiredTestClass(), method.get().getName().replace('_', '-')));
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        keyOf(context).ifPresent(key -> OUTCOMES.put(key, "pass"));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        keyOf(context).ifPresent(key -> OUTCOMES.put(key, "**disabled**: " + shorten(reason.orElse("no reason"))));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        keyOf(context).ifPresent(key -> OUTCOMES.put(key, "**fail**: " + shorten(cause.getClass().getSimpleName()
                + " " + message)));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        keyOf(context).ifPresent(key -> OUTCOMES.put(key, message.startsWith(NOT_SUPPORTED)
                ? "not supported by peer: " + message.substring(NOT_SUPPORTED.length()) : "aborted: " + message));
    }

    private static String shorten(String text) {
        String flat = text.replace('|', '/').replace('\n', ' ');
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }

    /** The UDP transport jquic's side last ran on ("nio", "batched (...)"), for the matrix header. */
    private static volatile String jquicTransport = "not used";

    /** Records the UDP transport of a jquic endpoint (called by {@link LoopbackDriver}). */
    static void jquicTransport(String description) {
        jquicTransport = description;
    }

    private static void writeIfAsked() {
        String target = System.getProperty("interop.matrix");
        if (target == null || target.isBlank() || OUTCOMES.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder();
        out.append("# jquic-interop\n\n")
                .append("Interoperability cases (modelled on the QUIC interop runner) of jquic against two other QUIC\n")
                .append("stacks fetched from Maven Central as test dependencies, in both roles, on loopback; impaired\n")
                .append("cases run through the seeded UDP relay `dev.jquic.testkit.relay.UdpRelay`. jquic's side runs on\n")
                .append("the runtime's UDP transport; built on JDK 22+, `mvn verify` runs the whole suite a second time\n")
                .append("with `-Djquic.io=batched` (recvmmsg/sendmmsg with GSO/GRO through FFM), reports in\n")
                .append("`target/surefire-reports-batched-io`.\n\n")
                .append("## Matrix\n\n")
                .append("GENERATED by the test run (`InteropMatrix`, a JUnit TestWatcher that writes this file when the\n")
                .append("system property `interop.matrix` names it); do not edit by hand. Produced with\n\n")
                .append("    mvn -B -pl jquic-interop -am test -Dtest='dev.jquic.interop.**' \\\n")
                .append("        -Dsurefire.failIfNoSpecifiedTests=false -Dinterop.matrix=$PWD/jquic-interop/README.md\n\n")
                .append("Run at ").append(Instant.now()).append(" on ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(", Java ").append(System.getProperty("java.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores; jquic's UDP I/O: ")
                .append(jquicTransport).append(".\n\n");
        out.append("| case |");
        for (String column : COLUMNS) {
            out.append(' ').append(column.replace("|", "<br>")).append(" |");
        }
        out.append("\n|---|");
        out.append("---|".repeat(COLUMNS.size())).append('\n');
        for (String caseName : CASES) {
            out.append("| `").append(caseName).append("` |");
            for (String column : COLUMNS) {
                String cell = column + "|" + caseName;
                String outcome = OUTCOMES.getOrDefault(cell, "not run");
                String note = NOTES.get(cell);
                out.append(' ').append(outcome).append(note == null || !outcome.equals("pass") ? "" : " (" + note + ")")
                        .append(" |");
            }
            out.append('\n');
        }
        out.append("\n## How the cases work\n\n")
                .append("- Download protocol: the client opens a bidirectional stream, sends a size in decimal and FIN; the\n")
                .append("  server answers with that many bytes of a fixed pseudo-random block; the client checks SHA-256.\n")
                .append("- `transfer`: 1 MiB then 50 MiB (separate connections). `multiplexing`: 1,999 files of 32..1,031\n")
                .append("  bytes on one connection; the server allows 100 (quiche, Kwik) or 1,000 (jquic) concurrent streams.\n")
                .append("- `chacha20`: jquic as client offers only TLS_CHACHA20_POLY1305_SHA256; with a peer client, our\n")
                .append("  server accepts only that suite (BoringSSL's TLS 1.3 suites cannot be restricted; Kwik's client\n")
                .append("  offers only ChaCha20 via `cipherSuite`).\n")
                .append("- `keyupdate`: jquic initiates (`Connection.initiateKeyUpdate`) after 1 MiB of a 10 MiB download.\n")
                .append("- `retry`: peer servers with Netty's token handler / Kwik's `retryRequired`; our server is the\n")
                .append("  `Endpoint` with `requireRetry`. `resumption` / `zerortt`: a second connection with the first\n")
                .append("  connection's ticket; resumed = PSK handshake accepted (no certificate).\n")
                .append("- Relay cases go through `UdpRelay` (seed `Impaired.SEED`, printed with any failure): 30% burst loss\n")
                .append("  (bursts ≤ 3) or 30% corruption each way for 50 handshakes (10 in parallel), 2% loss / corruption\n")
                .append("  for 5 MiB transfers, 1.5 s RTT for `longrtt`, 10 Mbit/s + 30 ms RTT + 25-packet queue for\n")
                .append("  `goodput` (10 MiB), a 2 s blackhole after 2 MiB of a 10 MiB download, a client port rebinding\n")
                .append("  after 2 MiB (`rebind-port`).\n")
                .append("- `amplificationlimit`: the server has a leaf + 12 CA certificates (RSA-2048, about 9.5 KB); the\n")
                .append("  relay holds the client's datagrams with a Handshake packet (its second flight) for 500 ms and\n")
                .append("  counts the bytes each way until the first reaches the server (address validation, RFC 9000\n")
                .append("  §8.1): the server's bytes must stay within 3x the client's, then a small download completes.\n")
                .append("  `zerortt` with a Netty client: a shared `QuicSslContext` with `earlyData(true)`, the request\n")
                .append("  written on `SslEarlyDataReadyEvent`; it counts only if our server received 0-RTT packets.\n")
                .append("- Kwik's client has two races in its connect that a server answering within a fraction of a\n")
                .append("  millisecond hits (about one class run in ten, mostly `resumption` / `zerortt`): agent15 ignores a\n")
                .append("  ServerHello that arrives before it has noted its ClientHello as sent, and then hangs; with 0-RTT\n")
                .append("  its idle timer can be set from two threads at once. Every Kwik client in these cases is built\n")
                .append("  through `KwikConnectRaces`, which holds the ServerHello until Kwik's connecting thread is done;\n")
                .append("  `KwikPeerFactsTest` shows the first race with a widened window, and the guard closing it.\n")
                .append("- Netty QUIC 4.2.18 runs a quiche timer that is already due when it re-arms it at the end of a\n")
                .append("  send, and the send that timer asks for returns at that send's re-entrance guard: the frames of a\n")
                .append("  packet declared lost then wait for the next datagram, and with nothing in flight none comes\n")
                .append("  before the idle timeout (2 of 120 runs of jquic client → quiche server `handshakeloss`). Each\n")
                .append("  quiche server connection in these cases gets `NettyTimerRace`, which asks Netty to send\n")
                .append("  every 20 ms; `NettyPeerFactsTest` shows the race (a loss timer expiring while the event loop\n")
                .append("  is busy, a datagram read first) and the guard resending.\n")
                .append("- Kwik's server sends its Retry from the new connection's thread before it registers the\n")
                .append("  connection ID that Retry names: a second Initial arriving first starts another connection,\n")
                .append("  which closes with INVALID_TOKEN (seen once). Its `retry` case runs through the relay with a\n")
                .append("  2 ms round trip.\n");
        try {
            Files.writeString(Path.of(target), out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write the interop matrix to " + target + ": " + e);
        }
    }
}
