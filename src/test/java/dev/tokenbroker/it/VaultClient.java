package dev.tokenbroker.it;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Raw HTTP against {@code /v1}, any verb, for checking Vault's conventions byte by byte. */
final class VaultClient {

    /** One answer. */
    record Answer(int status, HttpHeaders headers, String raw) {
        JsonObject json() {
            return Json.createReader(new StringReader(raw)).readObject();
        }

        String error() {
            return json().getJsonArray("errors").getString(0);
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

    VaultClient(URL base) {
        this.base = TestHttp.base(base);
    }

    Answer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v1/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = TestHttp.send(http, request);
        return new Answer(response.statusCode(), response.headers(), response.body());
    }
}
