package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The batched UDP transport's entry point for JDK 22+ (the multi-release section of the jquic
 * jar, {@code META-INF/versions/22}; the JDK 17 version of this class says it is unavailable).
 */
final class BatchedUdp {

    private static final String UNSUPPORTED = probe();

    private BatchedUdp() {
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
        } catch (IllegalCallerException denied) {
            return "native access denied: " + denied.getMessage();
        } catch (RuntimeException | LinkageError failure) {
            return "cannot bind the C library: " + failure;
        }
    }

    /** Why this JVM cannot run the batched transport, or null when it can. */
    static String platformUnsupported() {
        return UNSUPPORTED;
    }

    /** Why automatic selection must not use native access, or null when it may. */
    static String nativeAccessDenied() {
        if (BatchedUdp.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        return "native access is not enabled for jquic (--enable-native-access="
                + (BatchedUdp.class.getModule().isNamed() ? "dev.jquic" : "ALL-UNNAMED") + ")";
    }

    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes, boolean gso, boolean gro)
            throws IOException {
        return new LinuxBatchedUdpTransport(bindAddress, socketBufferBytes, gso, gro);
    }
}
