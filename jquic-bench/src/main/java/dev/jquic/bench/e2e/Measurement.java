package dev.jquic.bench.e2e;

/**
 * One measured run of one workload on one stack, or its failure.
 *
 * @param failure null when the run completed with every byte verified
 */
public record Measurement(String stack, Workload workload, int run, long size, long elapsedNanos,
        long clientCpuNanos, long serverCpuNanos, long clientPackets, long serverPackets, String failure) {

    static Measurement failed(String stack, Workload workload, int run, long size, String failure) {
        return new Measurement(stack, workload, run, size, 0, 0, 0, 0, 0, failure);
    }

    public boolean ok() {
        return failure == null;
    }

    /** MiB/s for W1/W2, requests or connections per second otherwise. */
    public double rate() {
        return workload.units(size) / (elapsedNanos / 1e9);
    }

    /** Client CPU milliseconds per MiB (W1/W2) or per 1,000 requests/connections (W3/W4). */
    public double clientCpuPerUnit() {
        return clientCpuNanos / 1e6 / workload.cpuUnits(size);
    }

    public double serverCpuPerUnit() {
        return serverCpuNanos / 1e6 / workload.cpuUnits(size);
    }
}
