package dev.jquic.testkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedReportingTest {

    @Test
    void failingScenarioCarriesTheSeed() {
        SimulatedNetwork network = new SimulatedNetwork(8675309);
        AssertionError failure = assertThrows(AssertionError.class,
                () -> SeedReporting.reportSeedOnFailure(network, () -> {
                    throw new AssertionError("expected 3 datagrams");
                }));
        assertEquals("expected 3 datagrams", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        SeedReporting.SeedNote note = (SeedReporting.SeedNote) failure.getSuppressed()[0];
        assertEquals(8675309, note.seed());
        assertTrue(note.getMessage().contains("seed=8675309L"));
    }

    @Test
    void limitExceptionsAlreadyNameTheSeedAndGetNoNote() {
        SimulatedNetwork network = new SimulatedNetwork(6).register(SimulatedAddress.of(1, 1), new TestNodes.Sink());
        SimulationLimitException failure = assertThrows(SimulationLimitException.class,
                () -> SeedReporting.reportSeedOnFailure(network, () -> network.runUntil(() -> false, 10)));
        assertEquals(0, failure.getSuppressed().length);
        assertTrue(failure.getMessage().contains("seed=6L"));
    }

    @Test
    void passingScenarioRunsOnce() {
        int[] runs = {0};
        SeedReporting.reportSeedOnFailure(new SimulatedNetwork(1), () -> runs[0]++);
        assertEquals(1, runs[0]);
    }
}
