package org.facemask.serving.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The answers Jetty gives on its own, before or after Javalin's handlers (a request that arrives
 * while the server stops, a malformed request line), in the same JSON shape as every other error
 * instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        if (code == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            // Jetty answers 503 by itself only while the server stops.
            response.setHeader("Retry-After", "1");
        }
        response.setContentType("application/json");
        String error = code == HttpServletResponse.SC_SERVICE_UNAVAILABLE ? "shutting_down" : "http_" + code;
        JSON.writeValue(response.getOutputStream(), new ApiResponses.ErrorBody(error,
                message != null ? message : "the server could not take this request"));
    }
}
