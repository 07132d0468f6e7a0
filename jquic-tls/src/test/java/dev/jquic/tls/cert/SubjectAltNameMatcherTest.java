package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectAltNameMatcherTest {

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com, true",
        "Example.COM, example.com, true",
        "example.com., example.com, true",
        "example.com, example.com., true",
        "*.example.com, www.example.com, true",
        "*.example.com, WWW.EXAMPLE.COM, true",
        "*.example.com, example.com, false",
        "*.example.com, a.b.example.com, false",
        "*.example.com, .example.com, false",
        "*.com, example.com, false",
        "*, example, false",
        "w*.example.com, www.example.com, false",
        "www.*.com, www.example.com, false",
        "*.*.example.com, a.b.example.com, false",
        "example.com, www.example.com, false",
        "www.example.com, *.example.com, false",
    })
    void dnsNameMatching(String pattern, String host, boolean expected) {
        assertEquals(expected, SubjectAltNameMatcher.dnsNameMatches(pattern, host));
    }

    @Test
    void ipLiteralsNeverMatchDnsNamesOrWildcards() {
        // leaf-ec256 has DNS:localhost, IP:127.0.0.1, IP:::1
        assertTrue(SubjectAltNameMatcher.matches(Fixtures.certificate("leaf-ec256.pem"), "127.0.0.1"));
        assertFalse(SubjectAltNameMatcher.matches(Fixtures.certificate("wildcard.pem"), "127.0.0.1"));
        assertFalse(SubjectAltNameMatcher.matches(Fixtures.certificate("leaf-ec256.pem"), "127.000.000.001"));
        assertFalse(SubjectAltNameMatcher.matches(Fixtures.certificate("leaf-ec256.pem"), ""));
        assertFalse(SubjectAltNameMatcher.matches(Fixtures.certificate("leaf-ec256.pem"), null));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 7f000001",
        "0.0.0.0, 00000000",
        "255.255.255.255, ffffffff",
        "::1, 00000000000000000000000000000001",
        "[::1], 00000000000000000000000000000001",
        "0:0:0:0:0:0:0:1, 00000000000000000000000000000001",
        "::, 00000000000000000000000000000000",
        "2001:DB8::8:800:200C:417A, 20010db8000000000008080020 0c417a",
        "fe80::, fe800000000000000000000000000000",
        "::ffff:192.0.2.1, 00000000000000000000ffffc0000201",
        "1:2:3:4:5:6:7:8, 00010002000300040005000600070008",
        "1::8, 00010000000000000000000000000008",
    })
    void parsesIpLiterals(String text, String hex) {
        assertArrayEquals(HexFormat.of().parseHex(hex.replace(" ", "")), IpAddressLiteral.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1..3.4",
        ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::1%eth0", "g::1",
        "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7::8", "[::1", "example.com", ":1", "1:"})
    void rejectsNonLiterals(String text) {
        assertNull(IpAddressLiteral.parse(text));
    }

    @Property(tries = 500)
    void ipv4RoundTrip(@ForAll byte a, @ForAll byte b, @ForAll byte c, @ForAll byte d) {
        byte[] address = {a, b, c, d};
        String text = (a & 0xff) + "." + (b & 0xff) + "." + (c & 0xff) + "." + (d & 0xff);
        assertArrayEquals(address, IpAddressLiteral.parse(text));
    }

    @Property(tries = 500)
    void ipv6FullFormRoundTrip(@ForAll("sixteenBytes") byte[] address) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
        }
        assertArrayEquals(address, IpAddressLiteral.parse(text.toString()));
    }

    @Property(tries = 1000)
    void arbitraryTextNeverThrows(@ForAll String text) {
        byte[] parsed = IpAddressLiteral.parse(text);
        assertTrue(parsed == null || parsed.length == 4 || parsed.length == 16);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<byte[]> sixteenBytes() {
        return net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofSize(16);
    }
}
