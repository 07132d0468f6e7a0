package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @Test
    void parsesNamesAndIpv4Literals() {
        assertEquals(new HostPort("localhost", 4433), HostPort.parse("localhost:4433"));
        assertEquals(new HostPort("127.0.0.1", 1), HostPort.parse("127.0.0.1:1"));
        assertEquals(new HostPort("quic.example", 65535), HostPort.parse("quic.example:65535"));
    }

    @Test
    void parsesBracketedIpv6Literals() {
        assertEquals(new HostPort("::1", 4433), HostPort.parse("[::1]:4433"));
        assertEquals(new HostPort("2001:db8::7", 443), HostPort.parse("[2001:db8::7]:443"));
    }

    @Test
    void printsIpv6InBrackets() {
        assertEquals("[::1]:4433", new HostPort("::1", 4433).toString());
        assertEquals("localhost:4433", new HostPort("localhost", 4433).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost         | expected HOST:PORT",
        "localhost:        | the port is missing",
        ":4433             | the host is missing",
        "localhost:http    | the port 'http' is not a number",
        "localhost:0       | the port 0 is not in 1..65535",
        "localhost:65536   | the port 65536 is not in 1..65535",
        "localhost:-1      | the port -1 is not in 1..65535",
        "::1:4433          | write an IPv6 address in brackets",
        "[::1:4433         | missing ']'",
        "[::1]             | expected HOST:PORT, e.g. [::1]:4433",
        "[::1]4433         | expected HOST:PORT, e.g. [::1]:4433",
        "[]:4433           | brackets must hold an IPv6 address",
        "[localhost]:4433  | brackets must hold an IPv6 address",
        "'local host:4433' | white space",
    })
    void rejectsMalformedArgumentsNamingTheProblem(String text, String problem) {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
        assertTrue(invalid.getMessage().contains(problem), invalid.getMessage());
        assertTrue(invalid.getMessage().contains("'" + text + "'"), invalid.getMessage());
    }
}
