package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** qlog output: one JSON-SEQ file per connection, on both sides. */
@Timeout(30)
class QlogTest {

    @Test
    void bothSidesWriteAValidQlogFilePerConnection(@TempDir Path directory) throws Exception {
        Path clientDirectory = directory.resolve("client");
        Path serverDirectory = directory.resolve("server");
        Loopback.Collector collector = new Loopback.Collector();
        byte[] payload = Loopback.payload(5000, 7);
        long clientPacketsSent;
        try (QuicServer server = Quic.server().alpn("echo").qlog(serverDirectory).handler(new Loopback.EchoHandler())
                .listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).qlog(clientDirectory)
                        .handler(collector).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            CompletableFuture<byte[]> echoed = collector.result(stream);
            stream.write(ByteBuffer.wrap(payload));
            stream.finish();
            assertArrayEquals(payload, await(echoed));
            await(connection.close());
            clientPacketsSent = connection.stats().packetsSent();
        }
        List<Map<String, Object>> clientRecords = readSingleFile(clientDirectory, "client");
        List<Map<String, Object>> serverRecords = readSingleFile(serverDirectory, "server");

        long closePackets = clientRecords.stream().filter(r -> "transport:packet_sent".equals(r.get("name"))
                && carriesFrame(r, "connection_close")).count();
        assertTrue(closePackets > 0, "the client's CONNECTION_CLOSE packets are logged");
        assertEquals(clientPacketsSent, count(clientRecords, "transport:packet_sent") - closePackets,
                "one packet_sent event per packet the client sent (the statistics leave out CONNECTION_CLOSE packets)");
        for (List<Map<String, Object>> records : List.of(clientRecords, serverRecords)) {
            assertTrue(count(records, "transport:packet_sent") > 0);
            assertTrue(records.stream().anyMatch(QlogTest::receivedStreamFrame), "a packet_received with a STREAM frame");
            assertEquals("connectivity:connection_closed", records.get(records.size() - 1).get("name"));
            assertTrue(records.stream().anyMatch(r -> "recovery:metrics_updated".equals(r.get("name"))));
            // The loop hands the connection the time of each call, which may lag by one loop pass
            // (an API call can carry a later time than the next transmission): no order is asserted.
            for (Map<String, Object> record : records.subList(1, records.size())) {
                double time = ((Number) record.get("time")).doubleValue();
                assertTrue(time >= 0 && time < 30_000, "time relative to the connection's start: " + record);
            }
        }
        assertTrue(clientRecords.stream().anyMatch(r -> "transport:packet_sent".equals(r.get("name"))
                && "initial".equals(path(r, "data", "header", "packet_type"))));
        assertTrue(serverRecords.stream().anyMatch(r -> "transport:packet_received".equals(r.get("name"))
                && "initial".equals(path(r, "data", "header", "packet_type"))
                && Double.valueOf(0).equals(path(r, "data", "header", "packet_number"))
                && carriesFrame(r, "crypto")), "the server's file starts with the client's first Initial");
    }

    private static List<Map<String, Object>> readSingleFile(Path directory, String vantagePoint) throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.toList();
        }
        assertEquals(1, files.size(), "one file per connection: " + files);
        assertTrue(files.get(0).getFileName().toString().endsWith("-" + vantagePoint + ".sqlog"), files.toString());
        String text = new String(Files.readAllBytes(files.get(0)), StandardCharsets.UTF_8);
        assertFalse(text.isEmpty());
        assertEquals('\u001e', text.charAt(0), "RFC 7464: every record starts with RS");
        List<Map<String, Object>> records = new ArrayList<>();
        for (String record : text.substring(1).split("\u001e", -1)) {
            assertTrue(record.endsWith("\n"), "RFC 7464: every record ends with LF");
            Object value = new Json(record.substring(0, record.length() - 1)).parseDocument();
            assertTrue(value instanceof Map, record);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            records.add(map);
        }
        Map<String, Object> header = records.get(0);
        assertEquals("0.3", header.get("qlog_version"));
        assertEquals("JSON-SEQ", header.get("qlog_format"));
        assertEquals(vantagePoint, path(header, "trace", "vantage_point", "type"));
        assertEquals("relative", path(header, "trace", "common_fields", "time_format"));
        assertTrue(path(header, "trace", "common_fields", "reference_time") instanceof Number);
        for (Map<String, Object> record : records.subList(1, records.size())) {
            assertTrue(record.get("time") instanceof Number, record.toString());
            assertTrue(record.get("name") instanceof String, record.toString());
            assertTrue(record.get("data") instanceof Map, record.toString());
        }
        return records;
    }

    private static long count(List<Map<String, Object>> records, String name) {
        return records.stream().filter(r -> name.equals(r.get("name"))).count();
    }

    private static boolean carriesFrame(Map<String, Object> record, String frameType) {
        return path(record, "data", "frames") instanceof List<?> list && list.stream()
                .anyMatch(f -> f instanceof Map<?, ?> frame && frameType.equals(frame.get("frame_type")));
    }

    private static boolean receivedStreamFrame(Map<String, Object> record) {
        if (!"transport:packet_received".equals(record.get("name"))) {
            return false;
        }
        Object frames = path(record, "data", "frames");
        return frames instanceof List<?> list && list.stream()
                .anyMatch(f -> f instanceof Map<?, ?> frame && "stream".equals(frame.get("frame_type"))
                        && frame.get("stream_id") instanceof Number && frame.get("length") instanceof Number);
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object value = root;
        for (String key : keys) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(key);
        }
        return value;
    }

    /** A strict minimal JSON parser (RFC 8259): objects, arrays, strings, numbers, true/false/null. */
    private static final class Json {
        private final String text;
        private int position;

        Json(String text) {
            this.text = text;
        }

        Object parseDocument() {
            Object value = value();
            skipWhitespace();
            if (position != text.length()) {
                throw error("trailing characters");
            }
            return value;
        }

        private Object value() {
            skipWhitespace();
            if (position >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(position);
            if (c == '{') {
                position++;
                Map<String, Object> map = new LinkedHashMap<>();
                skipWhitespace();
                if (peek() == '}') {
                    position++;
                    return map;
                }
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw error("key expected");
                    }
                    String key = string();
                    skipWhitespace();
                    expect(':');
                    if (map.put(key, value()) != null) {
                        throw error("duplicate key " + key);
                    }
                    skipWhitespace();
                    if (peek() == ',') {
                        position++;
                    } else {
                        expect('}');
                        return map;
                    }
                }
            }
            if (c == '[') {
                position++;
                List<Object> list = new ArrayList<>();
                skipWhitespace();
                if (peek() == ']') {
                    position++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skipWhitespace();
                    if (peek() == ',') {
                        position++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (text.startsWith("true", position)) {
                position += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", position)) {
                position += 5;
                return Boolean.FALSE;
            }
            if (text.startsWith("null", position)) {
                position += 4;
                return null;
            }
            return number();
        }

        private Number number() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            int digits = position;
            while (Character.isDigit(peek())) {
                position++;
            }
            if (position == digits || (text.charAt(digits) == '0' && position - digits > 1)) {
                throw error("bad number");
            }
            if (peek() == '.') {
                position++;
                int fraction = position;
                while (Character.isDigit(peek())) {
                    position++;
                }
                if (position == fraction) {
                    throw error("bad fraction");
                }
            }
            return Double.parseDouble(text.substring(start, position));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c == '\\') {
                    char escape = text.charAt(position++);
                    switch (escape) {
                        case '"', '\\', '/' -> out.append(escape);
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                            position += 4;
                        }
                        default -> throw error("bad escape");
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' expected");
            }
            position++;
        }

        private void skipWhitespace() {
            while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        private IllegalStateException error(String reason) {
            return new IllegalStateException(reason + " at " + position + " in: " + text);
        }
    }
}
