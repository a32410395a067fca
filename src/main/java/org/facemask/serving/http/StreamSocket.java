package org.facemask.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.facemask.serving.LiveStreams;
import org.facemask.serving.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/stream}: live video over a WebSocket. The client may first send a text message with
 * its settings ({@code {"fps": 10}}), then sends frames as binary messages (JPEG, or any image the
 * service reads); each frame is answered with a JSON text message of its tracks and events, and a
 * frame that cannot be read with an error message, the stream going on (docs/api.md).
 */
final class StreamSocket {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSocket.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One connection's settings and, from its first frame, its stream. */
    private static final class Connection {
        volatile double fps = LiveStreams.DEFAULT_FPS;
        volatile LiveStreams.Stream stream;
    }

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    private final Supplier<LiveStreams> streams;
    private final String apiKey;
    private final HttpErrors errors;

    /**
     * @param streams the service's live streams, or null while the model is still loading
     * @param apiKey the key the stream requires (header {@code X-API-Key}), or null for none
     * @param errors counts the errors sent
     */
    StreamSocket(Supplier<LiveStreams> streams, String apiKey, HttpErrors errors) {
        this.streams = streams;
        this.apiKey = apiKey;
        this.errors = errors;
    }

    /** Wires the handlers into Javalin's WebSocket route. */
    void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onMessage(this::settings);
        ws.onBinaryMessage(this::frame);
        ws.onClose(this::closed);
        ws.onError(this::failed);
    }

    private void connect(WsConnectContext ctx) {
        if (apiKey != null && !RequestGate.keyMatches(apiKey, ctx.header("X-API-Key"))) {
            refuse(ctx, "unauthorized", "missing or wrong X-API-Key header", StatusCode.POLICY_VIOLATION);
            return;
        }
        if (streams.get() == null) {
            refuse(ctx, "not_ready", "the model is still loading; retry shortly", StatusCode.TRY_AGAIN_LATER);
        }
        // The stream itself opens with the first frame, when the settings are known.
    }

    /** The optional settings message, before the first frame. */
    private void settings(WsMessageContext ctx) {
        double fps;
        try {
            JsonNode node = JSON.readTree(ctx.message());
            JsonNode value = node == null ? null : node.get("fps");
            if (value == null || !value.isNumber() || !(value.asDouble() > 0 && value.asDouble() <= 120)) {
                send(ctx, error("bad_settings", "settings are {\"fps\": N} with N in (0, 120]"));
                return;
            }
            fps = value.asDouble();
        } catch (IOException e) {
            send(ctx, error("bad_settings", "settings must be JSON: " + e.getMessage()));
            return;
        }
        Connection connection = connection(ctx);
        if (connection.stream != null) {
            send(ctx, error("bad_settings", "settings come before the first frame"));
            return;
        }
        connection.fps = fps;
    }

    private void frame(WsBinaryMessageContext ctx) {
        Connection connection = connection(ctx);
        LiveStreams.Stream stream = connection.stream;
        if (stream == null) {
            LiveStreams live = streams.get();
            if (live == null) {
                refuse(ctx, "not_ready", "the model is still loading; retry shortly", StatusCode.TRY_AGAIN_LATER);
                return;
            }
            try {
                stream = live.open(connection.fps, listener(ctx));
            } catch (ServiceException e) {
                HttpErrors.Status status = HttpErrors.of(e);
                refuse(ctx, status.error(), e.getMessage(), StatusCode.TRY_AGAIN_LATER);
                return;
            }
            connection.stream = stream;
        }
        byte[] data = ctx.data();
        stream.offer(ctx.offset() == 0 && ctx.length() == data.length ? data
                : Arrays.copyOfRange(data, ctx.offset(), ctx.offset() + ctx.length()));
    }

    private LiveStreams.Listener listener(WsContext ctx) {
        return new LiveStreams.Listener() {
            @Override
            public void frame(LiveStreams.Frame answer) {
                ObjectNode body = JSON.createObjectNode().put("type", "frame");
                body.setAll((ObjectNode) JSON.valueToTree(answer));
                send(ctx, body);
            }

            @Override
            public void rejected(ServiceException e) {
                send(ctx, error(HttpErrors.of(e).error(), e.getMessage()));
            }
        };
    }

    private void closed(WsCloseContext ctx) {
        end(ctx);
    }

    private void failed(WsErrorContext ctx) {
        // E.g. a frame over the size limit: Jetty closes the connection with 1009 (message too big).
        LOG.debug("live stream error: {}", String.valueOf(ctx.error()));
        end(ctx);
    }

    private Connection connection(WsContext ctx) {
        return connections.computeIfAbsent(ctx.sessionId(), id -> new Connection());
    }

    private void end(WsContext ctx) {
        Connection connection = connections.remove(ctx.sessionId());
        if (connection != null && connection.stream != null) {
            connection.stream.close();
        }
    }

    private Map<String, Object> error(String code, String message) {
        errors.count(new HttpErrors.Status(0, code));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    private void refuse(WsContext ctx, String code, String message, int closeCode) {
        send(ctx, error(code, message));
        ctx.closeSession(closeCode, code);
    }

    /** Sends one JSON message; a stream's thread and Jetty's may both send, one at a time. */
    private static void send(WsContext ctx, Object body) {
        synchronized (ctx.session) {
            if (!ctx.session.isOpen()) {
                return;
            }
            try {
                ctx.send(JSON.writeValueAsString(body));
            } catch (IOException | RuntimeException e) {
                LOG.debug("live stream answer not sent: {}", e.toString());
            }
        }
    }

}
