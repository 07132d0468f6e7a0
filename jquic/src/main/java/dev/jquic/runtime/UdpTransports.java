package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Chooses the {@link UdpTransport} of an endpoint. System property {@code jquic.io}:
 * <ul>
 * <li>{@code auto} (default): the batched transport ({@code recvmmsg}/{@code sendmmsg} with UDP
 *     GSO/GRO through the Foreign Function &amp; Memory API) when this JVM can run it — JDK 22+
 *     loading the multi-release classes of the jquic jar, Linux on x86_64 or aarch64, native access
 *     enabled for jquic ({@code --enable-native-access=ALL-UNNAMED}, or {@code =dev.jquic} on the
 *     module path; the jar's manifest enables it for {@code java -jar}) — otherwise NIO;</li>
 * <li>{@code batched}: the batched transport or a failure saying why not (tests, benchmarks);</li>
 * <li>{@code nio}: a {@code DatagramChannel} and a {@code Selector}.</li>
 * </ul>
 * {@code jquic.io.gso=false} and {@code jquic.io.gro=false} turn UDP GSO and GRO off in the
 * batched transport.
 */
final class UdpTransports {

    static final String PROPERTY = "jquic.io";
    private static volatile boolean announced;

    private UdpTransports() {
    }

    /** Opens the transport {@code jquic.io} selects, bound to {@code bindAddress}. */
    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes) throws IOException {
        return open(bindAddress, socketBufferBytes, false);
    }

    /**
     * As {@link #open(InetSocketAddress, int)}; with {@code reusePort} the socket is bound with
     * SO_REUSEPORT (set before the bind) so that the event loops of one server share its port.
     */
    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes, boolean reusePort)
            throws IOException {
        String choice = System.getProperty(PROPERTY, "auto");
        boolean gso = !"false".equals(System.getProperty(PROPERTY + ".gso"));
        boolean gro = !"false".equals(System.getProperty(PROPERTY + ".gro"));
        UdpTransport transport;
        switch (choice) {
            case "nio" -> transport = new NioUdpTransport(bindAddress, socketBufferBytes, reusePort);
            case "batched" -> {
                String unsupported = batchedUnsupported();
                if (unsupported != null) {
                    throw new IOException("-D" + PROPERTY + "=batched: " + unsupported);
                }
                transport = BatchedUdp.open(bindAddress, socketBufferBytes, gso, gro, reusePort);
            }
            case "auto" -> transport = openAutomatically(bindAddress, socketBufferBytes, gso, gro, reusePort);
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + choice
                    + ": not one of auto, batched, nio");
        }
        announce(transport);
        return transport;
    }

    private static UdpTransport openAutomatically(InetSocketAddress bindAddress, int socketBufferBytes, boolean gso,
            boolean gro, boolean reusePort) throws IOException {
        // Native access first: the platform probe's restricted calls would enable it with a warning.
        String unsupported = nativeAccessDenied();
        if (unsupported == null) {
            unsupported = batchedUnsupported();
        }
        if (unsupported == null) {
            try {
                return BatchedUdp.open(bindAddress, socketBufferBytes, gso, gro, reusePort);
            } catch (IOException | RuntimeException | LinkageError failure) {
                if (failure instanceof java.net.BindException) {
                    throw (java.net.BindException) failure;
                }
                unsupported = failure.toString();
            }
        }
        EndpointLoop.LOG.log(System.Logger.Level.DEBUG, "batched UDP I/O not used: {0}", unsupported);
        return new NioUdpTransport(bindAddress, socketBufferBytes, reusePort);
    }

    /** Why the batched transport cannot run here, or null. */
    private static String batchedUnsupported() {
        try {
            return BatchedUdp.platformUnsupported();
        } catch (LinkageError wrongClasses) {
            // JDK 22 classes on an older JVM's class path, for instance.
            return wrongClasses.toString();
        }
    }

    /** Why automatic selection must not use native access, or null. */
    private static String nativeAccessDenied() {
        try {
            return BatchedUdp.nativeAccessDenied();
        } catch (LinkageError wrongClasses) {
            return wrongClasses.toString();
        }
    }

    /** One INFO line per JVM naming the transport in use, DEBUG lines for the others. */
    private static void announce(UdpTransport transport) {
        System.Logger.Level level = announced ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
        announced = true;
        EndpointLoop.LOG.log(level, "jquic UDP I/O on {0}: {1}", transport.localAddress(), transport.description());
    }
}
