package dev.tokenbroker.it;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** A small HTTP client for the ITs: calls the deployed broker and reads JSON answers. */
public final class HttpProbe {

    /** An answer: its status and its JSON body. */
    public record Answer(int status, JsonObject json, Duration took) {
        public boolean ok() {
            return json.getBoolean("ok", false);
        }

        public String type() {
            return json.getString("type", "");
        }
    }

    private final java.net.http.HttpClient http = TestHttp.client();
    private final URI base;

    public HttpProbe(URL base) {
        this.base = TestHttp.base(base);
    }

    public Answer get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    public Answer post(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
    }

    private Answer send(HttpRequest.Builder builder, String... headers) {
        if (headers.length > 0) {
            builder.headers(headers);
        }
        long start = System.nanoTime();
        HttpResponse<String> response = TestHttp.send(http, builder);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonObject json = response.body().startsWith("{")
                ? Json.createReader(new StringReader(response.body())).readObject()
                : Json.createObjectBuilder().add("raw", response.body()).build();
        return new Answer(response.statusCode(), json, took);
    }
}
