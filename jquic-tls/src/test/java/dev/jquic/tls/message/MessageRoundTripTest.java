package dev.jquic.tls.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.codec.QuicProtocolException;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every message and extension record survives encode → decode unchanged, byte for byte. */
class MessageRoundTripTest {
    @Provide
    Arbitrary<HandshakeMessage> messages() {
        return MessageArbitraries.anyMessage();
    }

    private static int hashLength(HandshakeMessage message) {
        return message instanceof Finished finished ? finished.verifyData().length() : 32;
    }

    @Property(tries = 1000)
    void messagesRoundTrip(@ForAll("messages") HandshakeMessage message) throws QuicProtocolException {
        ByteBuffer out = ByteBuffer.allocate(message.encodedLength());
        message.encode(out);
        assertEquals(0, out.remaining());
        byte[] bytes = out.array();
        assertEquals(message.type().code(), bytes[0] & 0xff);
        RawHandshakeMessage raw = RawHandshakeMessage.of(bytes);
        assertEquals(message.bodyLength(), raw.bodyLength());
        HandshakeMessage decoded = HandshakeMessageDecoder.decode(raw, hashLength(message));
        assertEquals(message, decoded);
        assertArrayEquals(bytes, decoded.toByteArray());
    }

    @Property(tries = 300)
    void clientHelloPartialEncodingIsAPrefixEndingBeforeTheBinders(
            @ForAll("clientHellosWithPsk") ClientHello hello) throws QuicProtocolException {
        byte[] full = hello.toByteArray();
        byte[] partial = hello.partialEncoding();
        assertEquals(full.length - hello.bindersListLength(), partial.length);
        assertArrayEquals(java.util.Arrays.copyOf(full, partial.length), partial);
        ClientHello decoded = ClientHello.decode(RawHandshakeMessage.of(full).body());
        ByteBuffer received = decoded.partialMessage(RawHandshakeMessage.of(full));
        byte[] receivedPartial = new byte[received.remaining()];
        received.get(receivedPartial);
        assertArrayEquals(partial, receivedPartial);
    }

    @Property(tries = 700)
    void extensionBlocksRoundTripInEveryContext(@ForAll("blocks") java.util.Map.Entry<ExtensionContext, Extensions> entry)
            throws QuicProtocolException {
        ExtensionContext context = entry.getKey();
        Extensions block = entry.getValue();
        ByteBuffer out = ByteBuffer.allocate(block.encodedLength());
        block.encode(out);
        out.flip();
        dev.jquic.core.codec.WireReader reader = TlsCodec.reader(out);
        Extensions decoded = Extensions.decode(reader, 0, context);
        assertEquals(0, reader.remaining());
        assertEquals(block, decoded);
        for (Extension extension : block.list()) {
            assertEquals(extension, decoded.get(extension.type()));
            assertEquals(java.util.Optional.of(extension), decoded.find(extension.getClass()));
        }
    }

    @Provide
    Arbitrary<java.util.Map.Entry<ExtensionContext, Extensions>> blocks() {
        return net.jqwik.api.Arbitraries.of(ExtensionContext.class).flatMap(context ->
                MessageArbitraries.extensions(context, 0).map(block -> java.util.Map.entry(context, block)));
    }

    @Provide
    Arbitrary<ClientHello> clientHellosWithPsk() {
        return MessageArbitraries.clientHello().filter(hello -> hello.preSharedKey() != null);
    }
}
