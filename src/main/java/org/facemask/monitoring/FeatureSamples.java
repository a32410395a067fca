package org.facemask.monitoring;

import java.util.Map;

/** TEMPORARY: replaced by the helper's version. */
public record FeatureSamples(Map<String, double[]> numeric, Map<String, Map<String, Long>> categorical) {}
