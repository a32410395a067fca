/**
 * The service core, free of HTTP: {@link org.facemask.serving.ClassificationService} decodes an
 * upload within its limits, classifies it (and its faces) in dynamic micro-batches behind a
 * bounded queue, and logs it; {@link org.facemask.serving.Admission} bounds how many requests are
 * served at once; {@link org.facemask.serving.LiveModel} holds the model being served, which
 * {@link org.facemask.serving.RegistryWatcher} replaces when a model registry's pointer moves;
 * {@link org.facemask.serving.LiveStreams} follows faces in live video, from clients' frames and
 * from the cameras the service watches (one prediction-log row per person);
 * {@link org.facemask.serving.ImageRetention} keeps uploads for feedback when the operator turns
 * it on; failures are {@link org.facemask.serving.ServiceException}s with a reason.
 * The web layer, {@link org.facemask.serving.http}, depends on this package, never the reverse.
 *
 * <p>May depend on {@code config}, {@code image}, {@code dataset}, {@code model}, {@code detection},
 * {@code monitoring} and {@code video}; never on {@code training}, {@code evaluation} or {@code report}: the
 * service ships the inference path only (ArchitectureTest).
 */
package org.facemask.serving;
