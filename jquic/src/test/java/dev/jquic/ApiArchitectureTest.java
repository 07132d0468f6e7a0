package dev.jquic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1/§3: in module jquic only the runtime ({@code dev.jquic.runtime}) touches threads,
 * executors and sockets; the public API ({@code dev.jquic}) exposes no core, TLS or runtime type
 * in a public signature.
 */
class ApiArchitectureTest {

    private static final String API = "dev.jquic";
    private static JavaClasses module;

    @BeforeAll
    static void importModule() {
        module = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/dev/jquic/core/")
                        && !location.contains("/dev/jquic/tls/") && !location.contains("/dev/jquic/testkit/"))
                .importPackages(API);
    }

    @Test
    void bothPackagesWereImported() {
        assertTrue(module.stream().anyMatch(type -> type.getPackageName().equals(API)), "API imported");
        assertTrue(module.stream().anyMatch(type -> type.getPackageName().equals(API + ".runtime")),
                "runtime imported");
    }

    @Test
    void onlyTheRuntimeTouchesThreadsExecutorsAndSockets() {
        noClasses().that().resideOutsideOfPackage(API + ".runtime")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.net.DatagramSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.net.Socket.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.net.ServerSocket.class)
                .because("threads and sockets live in the runtime only (DESIGN §1)")
                .check(module);
    }

    @Test
    void theApiDependsOnNoCoreOrTlsType() {
        noClasses().that().resideInAPackage(API)
                .should().dependOnClassesThat().resideInAnyPackage("dev.jquic.core..", "dev.jquic.tls..")
                .because("the public API hides the engine (DESIGN §3)")
                .check(module);
    }

    @Test
    void publicSignaturesOfTheApiMentionOnlyApiAndJdkTypes() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : module) {
            if (!type.getPackageName().equals(API) || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (!unit.getModifiers().contains(JavaModifier.PUBLIC)
                        && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                Set<JavaClass> mentioned = new java.util.HashSet<>(unit.getRawParameterTypes());
                mentioned.add(unit.getRawReturnType());
                mentioned.addAll(unit.getThrowsClause().getTypes());
                for (JavaClass used : mentioned) {
                    if (isInternal(used)) {
                        leaks.add(unit.getFullName() + " mentions " + used.getName());
                    }
                }
            }
            for (JavaField field : type.getFields()) {
                if (field.getModifiers().contains(JavaModifier.PUBLIC) && isInternal(field.getRawType())) {
                    leaks.add(field.getFullName() + " is of " + field.getRawType().getName());
                }
            }
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    private static boolean isInternal(JavaClass type) {
        String name = type.getName();
        return name.startsWith("dev.jquic.") && !type.getPackageName().equals(API);
    }
}
