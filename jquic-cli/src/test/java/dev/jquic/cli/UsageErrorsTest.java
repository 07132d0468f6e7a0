package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and unreadable files: exit code 2 and exactly one line on stderr naming the problem. */
class UsageErrorsTest {

    private static final String FINGERPRINT = "AB:".repeat(31) + "AB";

    @TempDir
    Path directory;

    private static void assertUsageError(CommandRun run, String... expectedParts) {
        assertEquals(JquicCommand.EXIT_USAGE, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), "one line on stderr, got: " + run.err());
        for (String part : expectedParts) {
            assertTrue(run.err().contains(part), "stderr should contain '" + part + "': " + run.err());
        }
        assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void noCommand() {
        assertUsageError(CommandRun.of(), "jquic: ", "a command is missing: demo, server, client or perf");
    }

    @Test
    void unknownCommandAndOption() {
        assertUsageError(CommandRun.of("serve"), "jquic: ", "serve");
        assertUsageError(CommandRun.of("server", "--prot", "1"), "jquic server: ", "--prot");
    }

    @Test
    void serverCertificateFileMissing() {
        Path key = write("key.pem");
        assertUsageError(CommandRun.of("server", "--cert", directory.resolve("absent.pem").toString(),
                "--key", key.toString()), "jquic server: ", "--cert: cannot read", "absent.pem", "no such file");
    }

    @Test
    void serverKeyFileIsADirectory() {
        Path certificate = write("cert.pem");
        assertUsageError(CommandRun.of("server", "--cert", certificate.toString(), "--key", directory.toString()),
                "--key: cannot read", "it is a directory");
    }

    @Test
    void serverCertificateWithoutKeyAndKeyWithoutCertificate() {
        Path certificate = write("cert.pem");
        assertUsageError(CommandRun.of("server", "--cert", certificate.toString()), "--cert needs --key");
        assertUsageError(CommandRun.of("server", "--key", certificate.toString()), "--key needs --cert");
    }

    @Test
    void serverPortOutOfRangeOrNotANumber() {
        assertUsageError(CommandRun.of("server", "--port", "70000"), "--port: 70000 is not in 0..65535");
        assertUsageError(CommandRun.of("server", "--port", "x"), "--port", "'x'");
    }

    @Test
    void serverAlpnTooLong() {
        assertUsageError(CommandRun.of("server", "--alpn", "a".repeat(256)), "--alpn", "1..255 bytes");
    }

    @Test
    void clientWithoutServer() {
        assertUsageError(CommandRun.of("client", "--send", "x"), "jquic client: ", "HOST:PORT");
    }

    @Test
    void clientBadHostPort() {
        assertUsageError(CommandRun.of("client", "localhost"), "HOST:PORT 'localhost': expected HOST:PORT");
        assertUsageError(CommandRun.of("client", "localhost:99999"), "the port 99999 is not in 1..65535");
        assertUsageError(CommandRun.of("client", "::1:4433"), "write an IPv6 address in brackets");
    }

    @Test
    void clientCaFileMissing() {
        assertUsageError(CommandRun.of("client", "[::1]:4433", "--ca", directory.resolve("ca.pem").toString()),
                "--ca: cannot read", "ca.pem", "no such file");
    }

    @Test
    void clientMalformedPin() {
        assertUsageError(CommandRun.of("client", "127.0.0.1:4433", "--pin", "AB:CD"), "--pin: 'AB:CD' is not a SHA-256");
    }

    @Test
    void clientTrustChoicesExcludeEachOther() {
        assertUsageError(CommandRun.of("client", "127.0.0.1:4433", "--insecure", "--pin", FINGERPRINT),
                "--ca, --pin and --insecure exclude each other");
        assertUsageError(CommandRun.of("client", "127.0.0.1:4433", "--insecure", "--ca", write("ca.pem").toString()),
                "exclude each other");
    }

    @Test
    void demoOptionsOutOfRange() {
        assertUsageError(CommandRun.of("demo", "--streams", "0"), "jquic demo: ", "--streams: 0 is not in 1..1000");
        assertUsageError(CommandRun.of("demo", "--timeout", "0"), "--timeout: 0 is not in 1..3600");
    }

    @Test
    void helpAndVersionExitZero() {
        CommandRun help = CommandRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("demo") && help.out().contains("server") && help.out().contains("client"),
                help.out());
        CommandRun clientHelp = CommandRun.of("client", "--help");
        assertEquals(0, clientHelp.exitCode());
        assertTrue(clientHelp.out().contains("--pin"), clientHelp.out());
        CommandRun version = CommandRun.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("jquic "), version.out());
    }

    private Path write(String name) {
        try {
            return Files.writeString(directory.resolve(name), "not a real PEM\n");
        } catch (IOException failure) {
            throw new AssertionError(failure);
        }
    }
}
