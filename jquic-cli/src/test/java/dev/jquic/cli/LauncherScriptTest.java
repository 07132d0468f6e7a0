package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bin/jquic runs the jar this module's shade configuration produces. */
class LauncherScriptTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void launcherIsAnExecutableBashScriptRunningTheShadedJar() throws IOException {
        Path launcher = MODULE.resolveSibling("bin").resolve("jquic");
        assertTrue(Files.isRegularFile(launcher), "missing " + launcher);
        assertTrue(Files.isExecutable(launcher), launcher + " is not executable");
        String script = Files.readString(launcher);
        assertTrue(script.startsWith("#!/usr/bin/env bash\n"), "not a bash script");
        assertTrue(script.contains("jar=\"$root/jquic-cli/target/jquic.jar\""), script);
        assertTrue(script.contains("mvn -B -q -pl jquic-cli -am package -DskipTests"), script);
        assertTrue(script.contains("exec java -jar \"$jar\" \"$@\""), script);

        String pom = Files.readString(MODULE.resolve("pom.xml"));
        assertTrue(pom.contains("<finalName>jquic</finalName>"), "the shaded jar is no longer target/jquic.jar");
        assertTrue(pom.contains("<mainClass>dev.jquic.cli.JquicCommand</mainClass>"), pom);
    }
}
