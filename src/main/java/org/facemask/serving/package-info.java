/**
 * The HTTP service: {@code POST /predict} (the original two-key contract), {@code /v1/predict}
 * and {@code /v1/predict/batch}, health, Prometheus metrics and the web page. Uploads are decoded
 * with size and pixel limits, then classified in dynamic micro-batches behind a bounded queue.
 * {@link org.facemask.serving.ServerApp} is the entry point.
 */
package org.facemask.serving;
