package dev.tokenbroker.blackbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Plain HTTP against one broker base URL: any verb, any headers, the answer as text and JSON. Nothing else. */
public final class Http {

    /** One answer. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public Http(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    public URI base() {
        return base;
    }

    /** @param path relative to the base URL, without a leading slash */
    public Answer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base.resolve(path) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Vault API call ({@code /v1/...}) with this token, or none when null. */
    public Answer vault(String method, String path, String body, String token) {
        return token == null ? send(method, "v1/" + path, body) : send(method, "v1/" + path, body, "X-Vault-Token", token);
    }

    /** The action's call: {@code POST /access_tokens} with the workflow's OIDC token, or none when null. */
    public Answer exchange(String oidcToken, String body) {
        return oidcToken == null
                ? send("POST", "access_tokens", body, "Content-Type", "application/json")
                : send("POST", "access_tokens", body, "Content-Type", "application/json", "Authorization", "Bearer " + oidcToken);
    }
}
