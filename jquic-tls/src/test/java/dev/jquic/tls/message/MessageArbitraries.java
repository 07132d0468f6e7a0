package dev.jquic.tls.message;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every message and extension record. */
final class MessageArbitraries {
    private MessageArbitraries() {
    }

    static Arbitrary<Opaque> opaque(int minLength, int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minLength).ofMaxSize(maxLength).map(Opaque::of);
    }

    static Arbitrary<Integer> uint16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<List<Integer>> uint16List(int minSize, int maxSize) {
        return uint16().list().ofMinSize(minSize).ofMaxSize(maxSize);
    }

    static Arbitrary<Extension> serverName() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
                .map(ServerNameExtension::new);
    }

    static Arbitrary<Extension> supportedGroups() {
        return uint16List(1, 12).map(SupportedGroupsExtension::new);
    }

    static Arbitrary<Extension> signatureAlgorithms() {
        return uint16List(1, 12).map(SignatureAlgorithmsExtension::new);
    }

    static Arbitrary<Extension> signatureAlgorithmsCert() {
        return uint16List(1, 12).map(SignatureAlgorithmsCertExtension::new);
    }

    static Arbitrary<Extension> alpn() {
        return opaque(1, 12).list().ofMinSize(1).ofMaxSize(5).map(AlpnExtension::new);
    }

    static Arbitrary<Extension> supportedVersionsClient() {
        return uint16List(1, 10).map(SupportedVersionsClientExtension::new);
    }

    static Arbitrary<Extension> supportedVersionsServer() {
        return uint16().map(SupportedVersionsServerExtension::new);
    }

    static Arbitrary<Extension> cookie() {
        return opaque(1, 64).map(CookieExtension::new);
    }

    static Arbitrary<Extension> pskModes() {
        return Arbitraries.integers().between(0, 255).list().ofMinSize(1).ofMaxSize(4)
                .map(PskKeyExchangeModesExtension::new);
    }

    static Arbitrary<KeyShareEntry> keyShareEntry() {
        return Combinators.combine(uint16(), opaque(1, 70)).as(KeyShareEntry::new);
    }

    static Arbitrary<Extension> keyShareClient() {
        return keyShareEntry().list().ofMaxSize(3).map(KeyShareClientExtension::new);
    }

    static Arbitrary<Extension> keyShareServer() {
        return keyShareEntry().map(KeyShareServerExtension::new);
    }

    static Arbitrary<Extension> keyShareHelloRetry() {
        return uint16().map(KeyShareHelloRetryExtension::new);
    }

    static Arbitrary<Extension> quicTransportParameters() {
        return opaque(0, 80).map(QuicTransportParametersExtension::new);
    }

    static Arbitrary<Extension> unknown() {
        return Combinators.combine(Arbitraries.integers().between(0x1000, 0xfe00), opaque(0, 20))
                .as(UnknownExtension::new);
    }

    static Arbitrary<PreSharedKeyClientExtension> preSharedKeyClient() {
        Arbitrary<PskIdentity> identity = Combinators.combine(opaque(1, 40), uint32()).as(PskIdentity::new);
        return Arbitraries.integers().between(1, 3).flatMap(count -> Combinators.combine(
                identity.list().ofSize(count), opaque(32, 48).list().ofSize(count))
                .as(PreSharedKeyClientExtension::new));
    }

    static Arbitrary<Extension> pskServer() {
        return uint16().map(PreSharedKeyServerExtension::new);
    }

    static List<Arbitrary<Extension>> candidates(ExtensionContext context) {
        List<Arbitrary<Extension>> list = new ArrayList<>();
        list.add(unknown());
        switch (context) {
            case CLIENT_HELLO -> {
                list.addAll(List.of(serverName(), supportedGroups(),
                        signatureAlgorithms(),
                        signatureAlgorithmsCert(), alpn(),
                        Arbitraries.just(new EarlyDataExtension()), supportedVersionsClient(), cookie(), pskModes(),
                        keyShareClient(), quicTransportParameters()));
            }
            case SERVER_HELLO -> list.addAll(List.of(keyShareServer(), supportedVersionsServer(), pskServer()));
            case HELLO_RETRY_REQUEST -> list.addAll(List.of(keyShareHelloRetry(), supportedVersionsServer(), cookie()));
            case ENCRYPTED_EXTENSIONS -> list.addAll(List.of(Arbitraries.just(new ServerNameAcknowledgement()),
                    supportedGroups(), alpn(), Arbitraries.just(new EarlyDataExtension()), quicTransportParameters()));
            case CERTIFICATE -> {
            }
            case CERTIFICATE_REQUEST -> list.addAll(List.of(serverName(),
                    signatureAlgorithms(),
                    signatureAlgorithmsCert()));
            case NEW_SESSION_TICKET -> list.add(uint32().map(EarlyDataTicketExtension::new));
        }
        return list;
    }

    /** A block of distinct extensions allowed in {@code context}, in random order, at least {@code minLength} bytes. */
    static Arbitrary<Extensions> extensions(ExtensionContext context, int minLength) {
        List<Arbitrary<Extension>> candidates = candidates(context);
        Arbitrary<List<Extension>> chosen = Arbitraries.integers().between(0, candidates.size())
                .flatMap(count -> Arbitraries.shuffle(candidates)
                        .flatMap(shuffled -> Combinators.combine(shuffled.subList(0, count)).as(List::copyOf)));
        if (context == ExtensionContext.CLIENT_HELLO) {
            chosen = Combinators.combine(chosen, preSharedKeyClient().injectNull(0.5)).as((list, psk) -> {
                List<Extension> all = new ArrayList<>(list);
                if (psk != null) {
                    all.add(psk);
                }
                return all;
            });
        }
        return chosen.map(Extensions::new).filter(block -> block.contentLength() >= minLength);
    }

    static Arbitrary<ClientHello> clientHello() {
        return Combinators.combine(uint16(), opaque(32, 32), opaque(0, 32), uint16List(1, 10), opaque(1, 3),
                extensions(ExtensionContext.CLIENT_HELLO, 7)).as(ClientHello::new);
    }

    static Arbitrary<ServerHello> serverHello() {
        Arbitrary<ServerHello> normal = Combinators.combine(uint16(), opaque(32, 32), opaque(0, 32), uint16(),
                Arbitraries.integers().between(0, 255), extensions(ExtensionContext.SERVER_HELLO, 6))
                .as(ServerHello::new).filter(hello -> !hello.isHelloRetryRequest());
        Arbitrary<ServerHello> retry = Combinators.combine(uint16(), opaque(0, 32), uint16(),
                Arbitraries.integers().between(0, 255), extensions(ExtensionContext.HELLO_RETRY_REQUEST, 6))
                .as((version, session, suite, compression, extensions) -> new ServerHello(version,
                        ServerHello.HELLO_RETRY_REQUEST_RANDOM, session, suite, compression, extensions));
        return Arbitraries.oneOf(normal, retry);
    }

    static Arbitrary<EncryptedExtensions> encryptedExtensions() {
        return extensions(ExtensionContext.ENCRYPTED_EXTENSIONS, 0).map(EncryptedExtensions::new);
    }

    static Arbitrary<Certificate> certificate() {
        Arbitrary<CertificateEntry> entry = Combinators.combine(opaque(1, 100),
                extensions(ExtensionContext.CERTIFICATE, 0)).as(CertificateEntry::new);
        return Combinators.combine(opaque(0, 10), entry.list().ofMaxSize(3)).as(Certificate::new);
    }

    static Arbitrary<CertificateRequest> certificateRequest() {
        return Combinators.combine(opaque(0, 10), extensions(ExtensionContext.CERTIFICATE_REQUEST, 0))
                .as(CertificateRequest::new);
    }

    static Arbitrary<CertificateVerify> certificateVerify() {
        return Combinators.combine(uint16(), opaque(0, 100)).as(CertificateVerify::new);
    }

    static Arbitrary<Finished> finished() {
        return Arbitraries.of(32, 48).flatMap(length -> opaque(length, length)).map(Finished::new);
    }

    static Arbitrary<NewSessionTicket> newSessionTicket() {
        return Combinators.combine(uint32(), uint32(), opaque(0, 16), opaque(1, 100),
                extensions(ExtensionContext.NEW_SESSION_TICKET, 0)).as(NewSessionTicket::new);
    }

    static Arbitrary<HandshakeMessage> anyMessage() {
        return Arbitraries.oneOf(clientHello(), serverHello(), encryptedExtensions(), certificate(),
                certificateRequest(), certificateVerify(), finished(), newSessionTicket());
    }
}
