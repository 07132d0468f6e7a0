package dev.jquic.bench.e2e;

/** The four workloads of issue 7. */
public enum Workload {
    W1("upload on one stream", "MiB/s", "MiB"),
    W2("download on one stream", "MiB/s", "MiB"),
    W3("requests/s, new bidi stream per request, 64 B each way, 50 in flight", "req/s", "1k req"),
    W4("connections/s, handshake + 64 B request/response + close, 10 in parallel", "conn/s", "1k conn");

    final String title;
    final String rateUnit;
    /** What CPU time is reported per. */
    final String cpuUnit;

    Workload(String title, String rateUnit, String cpuUnit) {
        this.title = title;
        this.rateUnit = rateUnit;
        this.cpuUnit = cpuUnit;
    }

    /** Runs this workload of {@code size} (bytes for W1/W2, a count for W3/W4) on {@code client}. */
    void run(Stack.Client client, long size) throws Exception {
        switch (this) {
            case W1 -> client.upload(size);
            case W2 -> client.download(size);
            case W3 -> client.requests((int) size, BenchSettings.REQUESTS_IN_FLIGHT);
            case W4 -> client.connections((int) size, BenchSettings.PARALLEL_CONNECTIONS);
            default -> throw new IllegalStateException();
        }
    }

    /** Units of work in {@code size}: MiB for W1/W2, requests or connections otherwise. */
    double units(long size) {
        return this == W1 || this == W2 ? size / (1024.0 * 1024.0) : size;
    }

    /** Units that CPU time is reported per: MiB, or thousands. */
    double cpuUnits(long size) {
        return this == W1 || this == W2 ? size / (1024.0 * 1024.0) : size / 1000.0;
    }
}
