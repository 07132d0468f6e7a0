package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * pre_shared_key in a ClientHello (TLS 1.3 spec §4.2.11): {@code PskIdentity identities<7..2^16-1>;
 * PskBinderEntry binders<33..2^16-1>}, {@code opaque PskBinderEntry<32..255>}. It is always the last
 * extension, so the binders list ends the ClientHello (see {@link ClientHello#partialEncoding()}).
 */
public record PreSharedKeyClientExtension(List<PskIdentity> identities, List<Opaque> binders) implements Extension {
    public PreSharedKeyClientExtension {
        identities = List.copyOf(identities);
        binders = List.copyOf(binders);
        if (identities.size() != binders.size()) {
            throw new IllegalArgumentException(identities.size() + " identities but " + binders.size() + " binders");
        }
        TlsCodec.checkLength(identitiesLength(identities), 7, 0xffff, "identities");
        TlsCodec.checkLength(bindersLength(binders), 33, 0xffff, "binders");
        for (Opaque binder : binders) {
            TlsCodec.checkLength(binder.length(), 32, 255, "PskBinderEntry");
        }
    }

    private static int identitiesLength(List<PskIdentity> identities) {
        int length = 0;
        for (PskIdentity identity : identities) {
            length += identity.encodedLength();
        }
        return length;
    }

    private static int bindersLength(List<Opaque> binders) {
        int length = 0;
        for (Opaque binder : binders) {
            length += 1 + binder.length();
        }
        return length;
    }

    /** The length of the encoded binders list including its 2-byte length prefix. */
    public int bindersListLength() {
        return 2 + bindersLength(binders);
    }

    /** The same identities with new binders (each as long as the one it replaces is not required). */
    public PreSharedKeyClientExtension withBinders(List<Opaque> newBinders) {
        return new PreSharedKeyClientExtension(identities, newBinders);
    }

    @Override
    public int type() {
        return ExtensionType.PRE_SHARED_KEY;
    }

    @Override
    public int dataLength() {
        return 2 + identitiesLength(identities) + bindersListLength();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) identitiesLength(identities));
        for (PskIdentity identity : identities) {
            TlsCodec.putOpaque(out, 2, 1, 0xffff, identity.identity(), "identity");
            out.putInt((int) identity.obfuscatedTicketAge());
        }
        out.putShort((short) bindersLength(binders));
        for (Opaque binder : binders) {
            TlsCodec.putOpaque(out, 1, 32, 255, binder, "PskBinderEntry");
        }
    }

    static PreSharedKeyClientExtension decode(WireReader data) throws QuicProtocolException {
        WireReader identityList = TlsCodec.readVector(data, 2, 7, 0xffff, "identities");
        List<PskIdentity> identities = new ArrayList<>();
        while (identityList.hasRemaining()) {
            Opaque identity = TlsCodec.readOpaque(identityList, 2, 1, 0xffff, "identity");
            identities.add(new PskIdentity(identity, identityList.readUint32()));
        }
        WireReader binderList = TlsCodec.readVector(data, 2, 33, 0xffff, "binders");
        TlsCodec.requireEnd(data, "pre_shared_key");
        List<Opaque> binders = new ArrayList<>();
        while (binderList.hasRemaining()) {
            binders.add(TlsCodec.readOpaque(binderList, 1, 32, 255, "PskBinderEntry"));
        }
        if (identities.size() != binders.size()) {
            // RFC 9846 §4.2.11: one binder per identity, in the same order; the spec names no alert.
            throw TlsCodec.illegalParameter(identities.size() + " PSK identities but " + binders.size() + " binders");
        }
        return new PreSharedKeyClientExtension(identities, binders);
    }
}
