package dev.jquic.bench.idle;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * What the measuring JVM reads about itself: Java heap in use after full collections that no
 * longer shrink it, the process resident set size ({@code VmRSS} of {@code /proc/self/status}),
 * and the live-object class histogram ({@code GC.class_histogram}, the one {@code jcmd} prints).
 */
final class MemoryProbe {

    /** Full collections at most, per reading. */
    static final int MAX_COLLECTIONS = 12;
    /** Two readings this close count as stable. */
    static final long STABLE_BYTES = 16 * 1024;

    private MemoryProbe() {
    }

    /**
     * Heap in use after {@code System.gc()} repeated until two consecutive readings differ by at
     * most {@link #STABLE_BYTES} (at most {@link #MAX_COLLECTIONS} collections, 100 ms apart).
     */
    static long settledHeapUsed() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(100);
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) <= STABLE_BYTES) {
                break;
            }
            previous = used;
        }
        return used;
    }

    /** The resident set size in bytes, or -1 where {@code /proc/self/status} is absent (not Linux). */
    static long residentSetBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;   // the kernel reports kB
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            return -1;
        }
        return -1;
    }

    /** Live objects per class: instances and bytes (a full collection runs first). */
    record ClassCount(String className, long instances, long bytes) {
    }

    /** The live-object histogram of this JVM, parsed; empty if the diagnostic command is unavailable. */
    static Map<String, ClassCount> histogram() {
        String text;
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            text = String.valueOf(result);
        } catch (Exception unavailable) {
            return Map.of();
        }
        Map<String, ClassCount> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            // " 1:  123  4567  java.lang.String (java.base@17)"
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                try {
                    counts.put(parts[3], new ClassCount(parts[3], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
                } catch (NumberFormatException header) {
                    // Not a row.
                }
            }
        }
        return counts;
    }

    /** The classes whose live bytes grew most from {@code before} to {@code after}, largest first. */
    static List<ClassCount> growth(Map<String, ClassCount> before, Map<String, ClassCount> after, int limit) {
        List<ClassCount> grown = new ArrayList<>();
        for (ClassCount now : after.values()) {
            ClassCount then = before.getOrDefault(now.className(), new ClassCount(now.className(), 0, 0));
            grown.add(new ClassCount(now.className(), now.instances() - then.instances(), now.bytes() - then.bytes()));
        }
        grown.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return grown.subList(0, Math.min(limit, grown.size()));
    }
}
