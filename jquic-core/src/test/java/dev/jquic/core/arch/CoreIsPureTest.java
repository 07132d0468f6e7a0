package dev.jquic.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2/§5.1: jquic-core is sans-IO. No sockets, threads, executors, locks, wall clocks
 * or unseeded randomness; packages form no cycles.
 */
class CoreIsPureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jquic.core");
    }

    @Test
    void coreWasImported() {
        // Guards the rules below against passing vacuously on an empty import.
        org.junit.jupiter.api.Assertions.assertTrue(core.size() > 5, "core classes imported: " + core.size());
    }

    @Test
    void noNetworkingOrChannels() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.net..", "java.nio.channels..")
                .because("the core is sans-IO: datagrams go in and out as buffers")
                .check(core);
    }

    @Test
    void noThreadsExecutorsOrLocks() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                .because("one owner thread confines the core; DESIGN.md §5.7")
                .check(core);
    }

    @Test
    void noWallClock() {
        noClasses().should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .because("time is passed in as nowNanos")
                .check(core);
    }

    @Test
    void noUnseededRandomness() {
        noClasses().should().callConstructor(java.util.Random.class)
                .orShould().callMethod(Math.class, "random")
                .because("randomness comes from the configuration, seeded in tests")
                .check(core);
    }

    @Test
    void noSynchronizedMethods() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods()
                .should().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.SYNCHRONIZED)
                .because("protocol code holds no locks")
                .allowEmptyShould(true)
                .check(core);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.jquic.core.(*)..").should().beFreeOfCycles().check(core);
    }
}
