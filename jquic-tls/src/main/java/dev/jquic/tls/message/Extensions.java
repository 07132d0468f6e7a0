package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An extension block ({@code Extension extensions<min..2^16-1>}, TLS 1.3 spec §4.2) in its
 * original order (the order matters for the transcript and for PSK binders). At most one
 * extension per type.
 */
public record Extensions(List<Extension> list) {
    /** The empty block. */
    public static final Extensions EMPTY = new Extensions(List.of());

    public Extensions {
        list = List.copyOf(list);
        Set<Integer> types = new HashSet<>();
        for (Extension extension : list) {
            if (!types.add(extension.type())) {
                throw new IllegalArgumentException("duplicate extension type " + extension.type());
            }
        }
    }

    public static Extensions of(Extension... extensions) {
        return new Extensions(List.of(extensions));
    }

    /** The extension of this type, or {@code null}. */
    public Extension get(int type) {
        for (Extension extension : list) {
            if (extension.type() == type) {
                return extension;
            }
        }
        return null;
    }

    public boolean contains(int type) {
        return get(type) != null;
    }

    /** The first extension of the given record class, if present. */
    public <T extends Extension> Optional<T> find(Class<T> kind) {
        for (Extension extension : list) {
            if (kind.isInstance(extension)) {
                return Optional.of(kind.cast(extension));
            }
        }
        return Optional.empty();
    }

    public int size() {
        return list.size();
    }

    /** The last extension, or {@code null} if empty. */
    public Extension last() {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /** This block with the extension of the same type replaced (in place) or appended. */
    public Extensions with(Extension replacement) {
        List<Extension> copy = new ArrayList<>(list);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).type() == replacement.type()) {
                copy.set(i, replacement);
                return new Extensions(copy);
            }
        }
        copy.add(replacement);
        return new Extensions(copy);
    }

    /** The length of the extensions' encodings, without the 2-byte block length. */
    public int contentLength() {
        int length = 0;
        for (Extension extension : list) {
            length += extension.encodedLength();
        }
        return length;
    }

    /** The encoded length including the 2-byte block length. */
    public int encodedLength() {
        return 2 + contentLength();
    }

    /** Writes the 2-byte block length and the extensions in order. */
    public void encode(ByteBuffer out) {
        int length = contentLength();
        if (length > 0xffff) {
            throw new IllegalArgumentException("extension block of " + length + " bytes exceeds 2^16-1");
        }
        out.putShort((short) length);
        for (Extension extension : list) {
            extension.encode(out);
        }
    }

    /**
     * Reads an extension block whose length must be at least {@code minLength} (its §3.4 lower
     * bound), decoding each extension in the form {@code context} calls for.
     *
     * @throws QuicProtocolException decode_error for malformed bytes; illegal_parameter for a
     *     duplicate type (RFC 9846 §4.2 forbids duplicates without naming the alert), for a
     *     recognised extension not allowed in this message, or for a ClientHello pre_shared_key
     *     that is not last
     */
    static Extensions decode(WireReader in, int minLength, ExtensionContext context) throws QuicProtocolException {
        WireReader block = TlsCodec.readVector(in, 2, minLength, 0xffff, "extensions");
        List<Extension> extensions = new ArrayList<>();
        Set<Integer> types = new HashSet<>();
        while (block.hasRemaining()) {
            int type = block.readUint16();
            WireReader data = TlsCodec.readVector(block, 2, 0, 0xffff, "extension_data");
            // RFC 9846 §4.2: there MUST NOT be more than one extension of the same type in a block.
            if (!types.add(type)) {
                throw TlsCodec.illegalParameter("duplicate extension " + type);
            }
            // RFC 9846 §4.2: a recognised extension not specified for this message → illegal_parameter.
            if (!ExtensionType.isAllowedIn(type, context)) {
                throw TlsCodec.illegalParameter("extension " + type + " not allowed in " + context);
            }
            // RFC 9846 §4.2.11: pre_shared_key MUST be the last extension in the ClientHello.
            if (context == ExtensionContext.CLIENT_HELLO && type == ExtensionType.PRE_SHARED_KEY
                    && block.hasRemaining()) {
                throw TlsCodec.illegalParameter("pre_shared_key is not the last ClientHello extension");
            }
            extensions.add(ExtensionDecoder.decode(type, data, context));
        }
        return new Extensions(extensions);
    }
}
