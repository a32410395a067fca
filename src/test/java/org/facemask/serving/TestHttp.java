package org.facemask.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.facemask.serving.http.ServerApp;

/** A small HTTP client for the server tests: multipart uploads as browsers and curl send them. */
final class TestHttp {

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String BOUNDARY = "----facemask-test-boundary";

    /**
     * One form part.
     *
     * @param field form field name
     * @param filename file name sent with it
     * @param content the bytes
     */
    @SuppressWarnings("ArrayRecordComponent") // a value carrier, never compared or hashed
    record Part(String field, String filename, byte[] content) {}

    private TestHttp() {}

    static Part part(String field, String filename, byte[] content) {
        return new Part(field, filename, content);
    }

    /** Builds a multipart/form-data POST of the parts. */
    static HttpRequest.Builder multipart(URI uri, Part... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Part p : parts) {
                body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.field()
                        + "\"; filename=\"" + p.filename() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(p.content());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    /** Sends a request and reads the body as text. */
    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts one image to {@code /v1/predict}.
     *
     * @param server the service
     * @param image the file's bytes
     * @param requestId sent as {@code X-Request-Id}, or null for none (the service makes one)
     * @return the answer
     */
    static HttpResponse<String> predict(ServerApp server, byte[] image, String requestId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = multipart(uri(server, "/v1/predict"), part("file", "image.jpg", image));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return send(request.build());
    }

    static URI uri(ServerApp server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
