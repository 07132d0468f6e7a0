package dev.jquic.bench.e2e;

import dev.jquic.bench.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link PeerMain} in a JVM of its own ({@link ChildJvm}) with the harness's options. */
final class PeerProcess implements AutoCloseable {

    private final ChildJvm jvm;
    final Path log;

    PeerProcess(Options options, Path log, List<String> arguments) throws IOException {
        this.log = log;
        List<String> jvmArguments = new ArrayList<>(options.jvmArgs);
        jvmArguments.add("-D" + JquicStack.SERVER_LOOPS_PROPERTY + "=" + options.serverLoops);
        jvmArguments.add("-D" + JquicStack.MAX_UDP_PAYLOAD_PROPERTY + "=" + options.jquicMaxUdpPayload);
        jvm = new ChildJvm(options.javaCommand, jvmArguments, options.classPath, PeerMain.class.getName(), arguments,
                log, 10);
    }

    void send(String line) throws IOException {
        jvm.send(line);
    }

    /** The next line starting with one of {@code prefixes}, or null at the end of output or after the timeout. */
    String expect(long timeoutSeconds, String... prefixes) throws InterruptedException {
        return jvm.next(timeoutSeconds, prefixes);
    }

    /** The last lines of the peer's standard error, for a failure message. */
    String logTail() {
        return jvm.logTail(5);
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
