/**
 * The HTTP service: {@code POST /predict} (the original two-key contract), {@code /v1/predict},
 * {@code /v1/predict/batch} and {@code /v1/annotate}, {@code /v1/stats}, health, Prometheus
 * metrics and the web page. {@link org.facemask.serving.http.ServerApp} starts and stops it;
 * requests are admitted at the door before their upload is read, and every failure becomes an
 * HTTP answer in one place.
 */
package org.facemask.serving.http;
