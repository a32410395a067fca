package org.facemask.serving;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifactException;
import org.facemask.model.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a model registry's {@code current} pointer: every few seconds it reads the pointer, and
 * when it names another version, loads and warms that version up beside the model being served,
 * then swaps it in ({@link LiveModel#swap}). A version that fails to load is logged, counted and
 * skipped until the pointer changes again; the model being served keeps serving. Polling rather
 * than file-change events: those are not delivered for changes made by another machine on a
 * network volume, which is where a registry shared by several pods lives.
 */
public final class RegistryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final ModelRegistry registry;
    private final LiveModel models;
    private final Function<Path, MaskClassifier> loader;
    private final Counter swapped;
    private final Counter failed;
    private final ScheduledExecutorService poller;
    // The version served, or the last one that failed to load: neither is loaded again.
    private volatile String seen;

    /**
     * Starts watching.
     *
     * @param registry the registry
     * @param models the live model, serving the version {@code current} named at start
     * @param loader loads and warms up a version folder (e.g. {@link LiveModel#loadWarm})
     * @param pollMillis how often to read the pointer
     * @param metrics where swaps, failures and the served version are reported
     */
    public RegistryWatcher(ModelRegistry registry, LiveModel models, Function<Path, MaskClassifier> loader,
            int pollMillis, ServingMetrics metrics) {
        this.registry = registry;
        this.models = models;
        this.loader = loader;
        this.seen = models.info().registryVersion();
        this.swapped = metrics.counter("facemask.model.swaps", "Model versions swapped in, by outcome",
                Map.of("outcome", "swapped"));
        this.failed = metrics.counter("facemask.model.swaps", "Model versions swapped in, by outcome",
                Map.of("outcome", "failed"));
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "model-registry-watcher");
            thread.setDaemon(true);
            return thread;
        });
        // Nothing waits for the schedule: close() cancels it.
        @SuppressWarnings("FutureReturnValueIgnored")
        Object unused = poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Reads the pointer once and swaps in the version it names, if new and loadable. */
    void poll() {
        Optional<String> pointed;
        try {
            pointed = registry.current();
        } catch (IOException e) {
            LOG.warn("cannot read the registry pointer {}: {}", registry.root().resolve(ModelRegistry.CURRENT),
                    e.toString());
            return;
        }
        if (pointed.isEmpty() || pointed.get().equals(seen)) {
            return;
        }
        String version = pointed.get();
        seen = version;
        long start = System.nanoTime();
        MaskClassifier next;
        try {
            next = loader.apply(registry.versionDir(version));
        } catch (ModelArtifactException | IllegalArgumentException | IllegalStateException e) {
            failed.increment();
            LOG.error("registry version {} does not load; still serving version {}: {}", version,
                    models.info().registryVersion(), e.getMessage());
            return;
        }
        String previous = models.info().registryVersion();
        models.swap(next, version);
        swapped.increment();
        LOG.info("swapped model version {} for {} ({}, loaded and warmed up in {} ms)", version, previous,
                next.metadata().name(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Stops watching; a load in progress finishes (and is swapped in) before this returns. */
    @Override
    public void close() {
        poller.shutdown();
        try {
            if (!poller.awaitTermination(60, TimeUnit.SECONDS)) {
                poller.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
