/**
 * The HTTP service: {@code POST /predict} (the original two-key contract), {@code /v1/predict},
 * {@code /v1/predict/batch} and {@code /v1/annotate}, the {@code /v1/stream} WebSocket (live
 * video), {@code /v1/stats}, feedback ({@code /v1/feedback}, {@code /v1/review},
 * {@code /v1/images/...}), health, Prometheus metrics and the web pages.
 * {@link org.facemask.serving.http.ServerApp} starts and stops it;
 * requests are admitted at the door before their upload is read, and every failure becomes an
 * HTTP answer in one place.
 *
 * <p>May depend on {@code serving} and what {@code serving} may depend on; only {@code cli}
 * depends on it.
 */
package org.facemask.serving.http;
