package dev.tokenbroker.it;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Calls {@code /access_tokens} the way the action does, and reads the answer. */
final class ExchangeClient {

    /** One answer: status, headers and JSON body. */
    record Answer(int status, HttpHeaders headers, JsonObject json, String raw) {
        String message() {
            return json.getString("message", "");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    private final java.net.http.HttpClient http = TestHttp.client();
    private final URI base;

    ExchangeClient(URL base) {
        this.base = TestHttp.base(base);
    }

    Answer post(String token, String body, String... headers) {
        return postAs("application/json", token, body, headers);
    }

    /** Posts with this Content-Type, or none when null. */
    Answer postAs(String contentType, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("access_tokens"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("User-Agent", "qoomon/actions--access-token/v4");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    Answer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response = TestHttp.send(http, request);
        String raw = response.body();
        JsonObject json = raw.startsWith("{") ? Json.createReader(new StringReader(raw)).readObject()
                : Json.createObjectBuilder().build();
        return new Answer(response.statusCode(), response.headers(), json, raw);
    }
}
