package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jquic.QuicServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jquic server} and {@code jquic client} against each other on an ephemeral loopback port. */
class ServerClientEndToEndTest {

    @TempDir
    Path directory;

    /** A {@code jquic server} running on its own thread until {@link #stop()}. */
    private static final class RunningServer implements AutoCloseable {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ServerCommand command;
        final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        final QuicServer server;

        RunningServer(String... args) throws Exception {
            Console console = new Console(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine commandLine = JquicCommand.commandLine(console);
            command = (ServerCommand) commandLine.getSubcommands().get("server").getCommand();
            Thread thread = new Thread(() -> exitCode.complete(commandLine.execute(args)), "test-jquic-server");
            thread.setDaemon(true);
            thread.start();
            server = command.run.listening.get(20, TimeUnit.SECONDS);
        }

        String address() {
            return server.localAddress().getAddress() instanceof java.net.Inet6Address
                    ? "[::1]:" + server.port() : "127.0.0.1:" + server.port();
        }

        int stop() throws Exception {
            command.run.stop.complete(null);
            return exitCode.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (!exitCode.isDone()) {
                stop();
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void clientSendsTextAndPrintsTheEcho() throws Exception {
        try (RunningServer running = new RunningServer("server", "--port", "0")) {
            String serverOutput = running.out.toString(StandardCharsets.UTF_8);
            assertTrue(serverOutput.contains("listening on 127.0.0.1:" + running.server.port()), serverOutput);
            assertTrue(serverOutput.contains(running.server.certificateFingerprint()), serverOutput);

            CommandRun client = CommandRun.of("client", running.address(), "--pin",
                    running.server.certificateFingerprint(), "--send", "hello over QUIC", "--timeout", "10");

            assertEquals(0, client.exitCode(), client.err());
            assertEquals("hello over QUIC", client.out());
            assertTrue(client.err().contains("connected to 127.0.0.1:" + running.server.port()), client.err());
            assertTrue(client.err().contains("received 15 bytes"), client.err());

            assertEquals(0, running.stop());
            String log = running.out.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("connection from 127.0.0.1:"), log);
            assertEquals("", running.err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void clientSendsThreeMegabytesOfStandardInputThroughTheHighWaterMark() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < 3_000_000; line++) {
            text.append("line ").append(line).append(" of a payload larger than the stream windows\n");
        }
        try (RunningServer running = new RunningServer("server", "--port", "0", "--alpn", "lines")) {
            CommandRun client = CommandRun.withInput(
                    new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                    "client", running.address(), "--insecure", "--alpn", "lines", "-q");

            assertEquals(0, client.exitCode(), client.err());
            assertEquals(text.length(), client.out().length());
            assertTrue(text.toString().equals(client.out()), "the echo differs from standard input");
            assertEquals("", client.err());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void ipv6Loopback() throws Exception {
        assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback here");
        try (RunningServer running = new RunningServer("server", "--host", "::1", "--port", "0")) {
            CommandRun client = CommandRun.of("client", "[::1]:" + running.server.port(), "--pin",
                    running.server.certificateFingerprint(), "--send", "v6");

            assertEquals(0, client.exitCode(), client.err());
            assertEquals("v6", client.out());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientFailsWithOneLineWhenNothingListens() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        long startNanos = System.nanoTime();
        CommandRun client = CommandRun.of("client", "127.0.0.1:" + port, "--insecure", "--send", "x", "--timeout", "2");
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);

        assertEquals(JquicCommand.EXIT_FAILURE, client.exitCode(), client.err());
        assertEquals(1, client.errLines().size(), client.err());
        assertTrue(client.err().startsWith("jquic client: cannot connect to 127.0.0.1:" + port + ": "), client.err());
        assertTrue(elapsedSeconds < 10, "took " + elapsedSeconds + " s");
        assertEquals("", client.out());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientRejectsAServerWhoseFingerprintDiffers() throws Exception {
        try (RunningServer running = new RunningServer("server", "--port", "0")) {
            CommandRun client = CommandRun.of("client", running.address(), "--pin", "00".repeat(32),
                    "--send", "x", "--timeout", "5");

            assertEquals(JquicCommand.EXIT_FAILURE, client.exitCode(), client.err());
            assertEquals(1, client.errLines().size(), client.err());
            assertTrue(client.err().startsWith("jquic client: cannot connect to "), client.err());
            assertTrue(client.err().contains("certificate"), client.err());
            assertFalse(client.err().contains("use --pin"), client.err());
            assertEquals("", client.out());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientWithTheDefaultTrustRejectsASelfSignedServerAndSaysHowToConnect() throws Exception {
        try (RunningServer running = new RunningServer("server", "--port", "0")) {
            CommandRun client = CommandRun.of("client", running.address(), "--send", "x", "--timeout", "5");

            assertEquals(JquicCommand.EXIT_FAILURE, client.exitCode(), client.err());
            assertEquals(1, client.errLines().size(), client.err());
            assertTrue(client.err().startsWith("jquic client: cannot connect to "), client.err());
            assertTrue(client.err().contains("certificate"), client.err());
            assertTrue(client.err().contains("use --pin FINGERPRINT"), client.err());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientAndServerWithoutACommonAlpn() throws Exception {
        try (RunningServer running = new RunningServer("server", "--port", "0")) {
            CommandRun client = CommandRun.of("client", running.address(), "--insecure", "--alpn", "h3",
                    "--send", "x", "--timeout", "5");

            assertEquals(JquicCommand.EXIT_FAILURE, client.exitCode(), client.err());
            assertEquals(1, client.errLines().size(), client.err());
            assertTrue(client.err().contains("ALPN"), client.err());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serverWithItsOwnCertificateAndClientTrustingItsCa() throws Exception {
        Path chain = resource("leaf-ec256-chain.pem");
        Path key = resource("leaf-ec256-pkcs8.key");
        Path ca = resource("ca.pem");
        try (RunningServer running = new RunningServer("server", "--port", "0", "--cert", chain.toString(),
                "--key", key.toString())) {
            String serverOutput = running.out.toString(StandardCharsets.UTF_8);
            assertFalse(serverOutput.contains("self-signed"), serverOutput);

            CommandRun client = CommandRun.of("client", "localhost:" + running.server.port(), "--ca", ca.toString(),
                    "--send", "trusted through a CA");

            assertEquals(0, client.exitCode(), client.err());
            assertEquals("trusted through a CA", client.out());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serverOnAPortInUseFailsWithOneLine() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            CommandRun server = CommandRun.of("server", "--port", Integer.toString(taken.getLocalPort()));

            assertEquals(JquicCommand.EXIT_FAILURE, server.exitCode(), server.err());
            assertEquals(1, server.errLines().size(), server.err());
            assertTrue(server.err().startsWith("jquic server: "), server.err());
            assertTrue(server.err().contains(Integer.toString(taken.getLocalPort())), server.err());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serverWithAnInvalidPemFileFailsWithOneLine() throws IOException {
        Path certificate = Files.writeString(directory.resolve("cert.pem"), "not a certificate\n");
        Path key = Files.writeString(directory.resolve("key.pem"), "not a key\n");

        CommandRun server = CommandRun.of("server", "--port", "0", "--cert", certificate.toString(),
                "--key", key.toString());

        assertEquals(JquicCommand.EXIT_FAILURE, server.exitCode(), server.err());
        assertEquals(1, server.errLines().size(), server.err());
        assertTrue(server.err().startsWith("jquic server: "), server.err());
        assertFalse(server.err().contains("\tat "), server.err());
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ServerClientEndToEndTest.class.getResource("/pem/" + name).toURI());
    }

    private static boolean ipv6LoopbackAvailable() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return socket.getLocalPort() > 0;
        } catch (IOException unavailable) {
            return false;
        }
    }
}
