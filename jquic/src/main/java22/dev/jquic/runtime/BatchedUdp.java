package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The batched UDP transport's entry point for JDK 22+ (the multi-release section of the jquic
 * jar, {@code META-INF/versions/22}; the JDK 17 version of this class says it is unavailable).
 */
final class BatchedUdp {

    private BatchedUdp() {
    }

    /** Computed on first use: binding the C functions is a restricted operation (see nativeAccessDenied). */
    private static final class Probe {
        static final String UNSUPPORTED = probe();
    }

    private static String probe() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "needs Linux (this is " + os + ")";
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "needs x86_64 or aarch64 (this is " + arch + ")";
        }
        try {
            return LinuxSyscalls.layoutMismatch();
        } catch (RuntimeException | LinkageError failure) {
            Throwable cause = failure instanceof ExceptionInInitializerError initializer && initializer.getCause() != null
                    ? initializer.getCause() : failure;
            if (cause instanceof IllegalCallerException denied) {
                return "native access denied (--enable-native-access=ALL-UNNAMED, or =dev.jquic on the module path): "
                        + denied.getMessage();
            }
            return "cannot bind the C library: " + cause;
        }
    }

    /**
     * Why this JVM cannot run the batched transport, or null when it can. It binds the C
     * functions: without native access enabled the JVM warns (JDK 22-25) or refuses.
     */
    static String platformUnsupported() {
        return Probe.UNSUPPORTED;
    }

    /**
     * Why automatic selection must not use native access, or null when it may; ask before
     * {@link #platformUnsupported()}, whose first restricted call would enable it with a warning.
     */
    static String nativeAccessDenied() {
        if (BatchedUdp.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        return "native access is not enabled for jquic (--enable-native-access="
                + (BatchedUdp.class.getModule().isNamed() ? "dev.jquic" : "ALL-UNNAMED") + ")";
    }

    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes, boolean gso, boolean gro)
            throws IOException {
        return open(bindAddress, socketBufferBytes, gso, gro, false);
    }

    /** With {@code reusePort}: bound with SO_REUSEPORT, to share the port with other event loops. */
    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes, boolean gso, boolean gro,
            boolean reusePort) throws IOException {
        return new LinuxBatchedUdpTransport(bindAddress, socketBufferBytes, gso, gro, reusePort);
    }
}
