package dev.jquic.tls.handshake;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.HashFunction;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.keys.KeySchedule;
import dev.jquic.tls.keys.TranscriptHash;
import dev.jquic.tls.message.ClientHello;
import dev.jquic.tls.message.ExtensionType;
import dev.jquic.tls.message.PreSharedKeyClientExtension;
import dev.jquic.tls.message.PskIdentity;
import dev.jquic.tls.message.PskKeyExchangeModesExtension;
import dev.jquic.tls.message.RawHandshakeMessage;
import dev.jquic.tls.ticket.SessionTicketPolicy;
import dev.jquic.tls.ticket.StoredTicket;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The server's choice of a resumption PSK from a ClientHello (TLS 1.3 spec §4.2.9-§4.2.11) and
 * its 0-RTT decision (§4.2.10, §8; RFC 9001 §4.6.2).
 */
final class ServerPskSelection {
    /**
     * An accepted PSK.
     *
     * @param index the selected_identity
     * @param ticket the (now consumed) ticket
     * @param schedule a key schedule whose Early Secret is the ticket's PSK
     * @param earlyDataAccepted whether 0-RTT is accepted
     */
    record Accepted(int index, StoredTicket ticket, KeySchedule schedule, boolean earlyDataAccepted) {
    }

    private ServerPskSelection() {
    }

    /**
     * The first offered identity that is a live ticket of ours fitting this connection, or
     * {@code null} for a full handshake. Unknown, used, expired or unfit tickets are not errors.
     * Each ticket looked up is consumed (single use, §8.1).
     *
     * @param transcript the transcript before this ClientHello (empty, or message_hash and HRR)
     * @param afterRetry whether a HelloRetryRequest was sent (then 0-RTT is rejected, §4.2.10)
     * @throws QuicProtocolException missing_extension without psk_key_exchange_modes (§4.2.9),
     *     decrypt_error for a binder that does not verify (§4.2.11)
     */
    static Accepted select(ClientHello hello, RawHandshakeMessage raw, TranscriptHash transcript, CipherSuite suite,
            String applicationProtocol, String serverName, SessionTicketPolicy policy, long nowMillis,
            boolean afterRetry) throws QuicProtocolException {
        PreSharedKeyClientExtension offered = hello.preSharedKey();
        if (offered == null) {
            return null;
        }
        PskKeyExchangeModesExtension modes = hello.extensions().find(PskKeyExchangeModesExtension.class).orElse(null);
        // TLS 1.3 spec §4.2.9: pre_shared_key without psk_key_exchange_modes → abort (missing_extension).
        if (modes == null) {
            throw TlsAlert.MISSING_EXTENSION.exception("pre_shared_key without psk_key_exchange_modes");
        }
        // We only do psk_dhe_ke; a client offering only psk_ke gets a full handshake.
        if (!modes.modes().contains(PskKeyExchangeModesExtension.PSK_DHE_KE)) {
            return null;
        }
        HashFunction hash = suite.hash();
        for (int index = 0; index < offered.identities().size(); index++) {
            PskIdentity identity = offered.identities().get(index);
            StoredTicket ticket = policy.store().take(identity.identity().toByteArray(), nowMillis);
            // TLS 1.3 spec §4.2.11: the PSK must fit the suite's hash; we also require the same ALPN and SNI.
            if (ticket == null || ticket.cipherSuite().hash() != hash
                    || !ticket.applicationProtocol().equals(applicationProtocol)
                    || !Objects.equals(ticket.serverName(), serverName)) {
                continue;
            }
            KeySchedule schedule = KeySchedule.withPsk(hash, ticket.psk());
            ByteBuffer partial = hello.partialMessage(raw);
            byte[] partialBytes = new byte[partial.remaining()];
            partial.get(partialBytes);
            byte[] partialHash = transcript.hashWithPartialClientHello(hash, partialBytes);
            // TLS 1.3 spec §4.2.11: a binder that does not validate → abort (decrypt_error).
            if (!KeySchedule.verifyBinder(hash, schedule.resumptionBinderKey(), partialHash,
                    offered.binders().get(index).toByteArray())) {
                schedule.destroy();
                throw TlsAlert.DECRYPT_ERROR.exception("PSK binder " + index + " does not verify");
            }
            // TLS 1.3 spec §8.3: the client's view of the ticket age must be close to ours for 0-RTT.
            long clientAgeMillis = (identity.obfuscatedTicketAge() - ticket.ticketAgeAdd()) & 0xFFFF_FFFFL;
            long serverAgeMillis = nowMillis - ticket.issuedAtMillis();
            boolean fresh = Math.abs(clientAgeMillis - serverAgeMillis) <= policy.freshnessWindow().toMillis();
            // TLS 1.3 spec §4.2.10: 0-RTT needs the first identity, the same suite and ALPN, and no HRR.
            boolean earlyData = hello.extensions().contains(ExtensionType.EARLY_DATA) && !afterRetry && index == 0
                    && policy.earlyDataEnabled() && ticket.earlyDataAllowed() && ticket.cipherSuite() == suite
                    && fresh;
            return new Accepted(index, ticket, schedule, earlyData);
        }
        return null;
    }
}
