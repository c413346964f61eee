package dev.tokenbroker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How the integration tests talk HTTP: a request with a bounded timeout, answered as text. Each test helper keeps its
 * own client (and so its own connections): the broker closes a connection after refusing an oversized body (413),
 * and a connection shared between tests would then fail the next request with EOF.
 */
final class TestHttp {

    private TestHttp() {
    }

    /** The deployment's base URL with a trailing slash, so relative paths resolve under it. */
    static URI base(URL base) {
        return URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
