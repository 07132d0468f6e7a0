package dev.jquic.tls.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.Security;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jquic-tls stays sans-IO like the core it plugs into, keeps BouncyCastle inside the certificate
 * package (PEM parsing and certificate generation) and the one x25519 class (BouncyCastle's
 * X25519 arithmetic; every other primitive runs on JCA), and never changes the JVM-wide JCA
 * provider list.
 */
class TlsLayeringTest {
    private static final String X25519_EXCHANGE = "dev.jquic.tls.keys.X25519Exchange";
    private static JavaClasses tls;

    @BeforeAll
    static void importTls() {
        tls = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jquic.tls");
    }

    @Test
    void classesWereImported() {
        assertTrue(tls.size() > 20, "jquic-tls classes imported: " + tls.size());
    }

    @Test
    void noSocketsOrThreads() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.nio.channels..", "java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .because("the handshake is sans-IO and confined to its connection's thread")
                .check(tls);
    }

    @Test
    void bouncyCastleOnlyInTheCertificatePackageAndForX25519() {
        noClasses().that().resideOutsideOfPackage("dev.jquic.tls.cert..")
                .and().doNotHaveFullyQualifiedName(X25519_EXCHANGE)
                .should().dependOnClassesThat().resideInAnyPackage("org.bouncycastle..")
                .because("BouncyCastle is used for PEM parsing, certificate generation and x25519 only")
                .check(tls);
        noClasses().that().haveFullyQualifiedName(X25519_EXCHANGE)
                .should().dependOnClassesThat(resideInAPackage("org.bouncycastle..")
                        .and(not(resideInAPackage("org.bouncycastle.math.ec.rfc7748"))))
                .because("the x25519 class uses BouncyCastle's RFC 7748 arithmetic and nothing else of it")
                .check(tls);
    }

    @Test
    void noGlobalProviderRegistration() {
        noClasses().should().callMethod(Security.class, "addProvider", java.security.Provider.class)
                .orShould().callMethod(Security.class, "insertProviderAt", java.security.Provider.class, int.class)
                .because("the JVM-wide provider list is global mutable state")
                .check(tls);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.jquic.tls.(*)..").should().beFreeOfCycles().check(tls);
    }
}
