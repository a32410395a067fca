package org.facemask.monitoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** TEMPORARY: replaced by the helper's version. */
public record ClassShareBucket(Instant start, Map<String, Long> counts, double meanConfidence) {
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Double> shares() {
        Map<String, Double> out = new LinkedHashMap<>();
        long t = total();
        counts.forEach((k, v) -> out.put(k, t == 0 ? 0 : v / (double) t));
        return out;
    }
}
