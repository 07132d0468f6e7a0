package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The batched UDP transport's entry point as compiled for JDK 17: never available. The jquic jar
 * carries another version of this class for JDK 22+ (source {@code src/main/java22}, jar section
 * {@code META-INF/versions/22}) that opens the Foreign Function &amp; Memory transport; the JVM
 * loads it instead of this one when it runs JDK 22 or later from the multi-release jar.
 */
final class BatchedUdp {

    private BatchedUdp() {
    }

    /** Why this JVM cannot run the batched transport, or null when it can. */
    static String platformUnsupported() {
        return "needs JDK 22 or later loading the multi-release section of the jquic jar (this is JDK "
                + Runtime.version().feature() + " with the JDK 17 classes)";
    }

    /** Why automatic selection must not use native access, or null when it may (asked first). */
    static String nativeAccessDenied() {
        return platformUnsupported();
    }

    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes, boolean gso, boolean gro)
            throws IOException {
        return open(bindAddress, socketBufferBytes, gso, gro, false);
    }

    /** With {@code reusePort}: bound with SO_REUSEPORT, to share the port with other event loops. */
    static UdpTransport open(InetSocketAddress bindAddress, int socketBufferBytes, boolean gso, boolean gro,
            boolean reusePort) throws IOException {
        throw new IOException(platformUnsupported());
    }
}
