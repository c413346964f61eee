package dev.tokenbroker.it;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads {@code GET /metrics} (Prometheus' text format) as a scraper would, for tests that count known traffic. */
final class MetricsScrape {

    private MetricsScrape() {
    }

    static String text(URL base) {
        HttpResponse<String> answer = TestHttp.send(TestHttp.client(),
                HttpRequest.newBuilder(TestHttp.base(base).resolve("metrics")).GET());
        if (answer.statusCode() != 200 || !answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            throw new AssertionError("GET /metrics answered " + answer.statusCode() + " " + answer.headers().map());
        }
        return answer.body();
    }

    static double value(URL base, String series) {
        return value(text(base), series);
    }

    /** The sample of one series (name and labels exactly as exposed), 0 when it has none yet. */
    static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0])).orElse(0.0);
    }
}
