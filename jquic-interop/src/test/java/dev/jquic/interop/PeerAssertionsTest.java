package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The interop JVM runs Kwik as it ships, without assertions (see the surefire argLine in this
 * module's pom: Kwik's LossDetector asserts a positive loss delay computed from a whole-millisecond
 * RTT that is 0 on loopback), while assertions stay on for jquic and the tests.
 */
class PeerAssertionsTest {

    @Test
    void kwikRunsWithoutAssertionsAndOursWithThem() throws Exception {
        Class<?> kwikLossDetector = Class.forName("tech.kwik.core.recovery.LossDetector", false,
                getClass().getClassLoader());
        assertFalse(kwikLossDetector.desiredAssertionStatus(), "Kwik's assertions are off");
        assertTrue(getClass().desiredAssertionStatus(), "assertions are on for the tests");
        assertTrue(dev.jquic.core.connection.Connection.class.desiredAssertionStatus(), "and for jquic");
    }
}
