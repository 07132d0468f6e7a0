package dev.jquic.bench.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The table: per workload and stack, median and range of the runs, ratio to quiche-NIO, CPU and packets. */
public final class Report {

    private final List<Measurement> measurements;
    private final List<String> stacks;
    private final List<Workload> workloads;

    Report(List<Measurement> measurements, List<String> stacks, List<Workload> workloads) {
        this.measurements = List.copyOf(measurements);
        this.stacks = List.copyOf(stacks);
        this.workloads = List.copyOf(workloads);
    }

    public List<Measurement> measurements() {
        return measurements;
    }

    public List<Measurement> failures() {
        return measurements.stream().filter(m -> !m.ok()).toList();
    }

    private List<Measurement> ok(String stack, Workload workload) {
        return measurements.stream().filter(m -> m.ok() && m.stack().equals(stack) && m.workload() == workload)
                .toList();
    }

    static double median(List<Measurement> list, ToDoubleFunction<Measurement> value) {
        double[] sorted = list.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The table in Markdown. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | stack | median | range (min–max) | × quiche-NIO | client CPU | server CPU "
                + "| client packets | server packets | runs ok |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Workload workload : workloads) {
            List<Measurement> baseline = ok(Stacks.BASELINE, workload);
            double reference = baseline.isEmpty() ? Double.NaN : median(baseline, Measurement::rate);
            for (String stack : stacks) {
                List<Measurement> runs = ok(stack, workload);
                long all = measurements.stream().filter(m -> m.stack().equals(stack) && m.workload() == workload)
                        .count();
                if (all == 0) {
                    continue;
                }
                String label = workload + " " + workload.rateUnit;
                if (runs.isEmpty()) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | FAILED | | | | | | | 0/%d |%n",
                            label, stack, all));
                    continue;
                }
                double median = median(runs, Measurement::rate);
                double min = runs.stream().mapToDouble(Measurement::rate).min().orElse(0);
                double max = runs.stream().mapToDouble(Measurement::rate).max().orElse(0);
                out.append(String.format(Locale.ROOT,
                        "| %s | %s | %s | %s–%s | %s | %s ms/%s | %s ms/%s | %,d | %,d | %d/%d |%n",
                        label, stack, number(median), number(min), number(max),
                        Double.isNaN(reference) ? "—" : String.format(Locale.ROOT, "%.2f", median / reference),
                        number(median(runs, Measurement::clientCpuPerUnit)), workload.cpuUnit,
                        number(median(runs, Measurement::serverCpuPerUnit)), workload.cpuUnit,
                        (long) median(runs, Measurement::clientPackets),
                        (long) median(runs, Measurement::serverPackets), runs.size(), all));
            }
        }
        return out.toString();
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** One line per failed run. */
    public String failureLines() {
        List<Measurement> failed = new ArrayList<>(failures());
        failed.sort(Comparator.comparing(Measurement::stack).thenComparing(Measurement::workload));
        StringBuilder out = new StringBuilder();
        for (Measurement m : failed) {
            out.append("FAILED ").append(m.stack()).append(' ').append(m.workload()).append(" run ").append(m.run())
                    .append(": ").append(m.failure()).append('\n');
        }
        return out.toString();
    }
}
