package dev.tokenbroker.policycheck.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.CurrentRequest;
import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.policycheck.control.PolicyPullRequestCheck;
import dev.tokenbroker.policycheck.control.WebhookDeliveries;
import dev.tokenbroker.policycheck.control.WebhookSettings;
import dev.tokenbroker.policycheck.control.WebhookSignature;

/**
 * {@code POST /webhooks/github}: the GitHub App's webhook deliveries (issue 18). Checked in this order, each refusal
 * before any database or GitHub work: a secret is configured (503), the body is at most {@value #MAX_BODY} bytes
 * (413), JSON (415), signed with the secret ({@code X-Hub-Signature-256}; 401 when missing or wrong), with a delivery
 * id and an event name (400), parseable (400). {@code ping} answers 200. A {@code pull_request} that is opened,
 * reopened, synchronised or made ready, and a {@code push} that changes a policy file, are claimed once per delivery
 * (a replay or a redelivery of a done one answers 200 and does nothing) and checked off this thread (202). Other
 * events answer 202 and do nothing.
 */
@WebServlet(name = "github-webhooks", urlPatterns = "/webhooks/github")
public class GitHubWebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** GitHub's pull_request and push payloads are a few to some hundred KiB; anything larger is not one. */
    static final int MAX_BODY = 1024 * 1024;
    private static final Pattern DELIVERY = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern EVENT = Pattern.compile("[a-z_]{1,64}");
    private static final Set<String> CHECKED_ACTIONS = Set.of("opened", "reopened", "synchronize", "ready_for_review");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    @Inject
    transient WebhookSettings settings;

    @Inject
    transient WebhookDeliveries deliveries;

    @Inject
    transient PolicyPullRequestCheck check;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String delivery = request.getHeader("X-GitHub-Delivery");
        CurrentRequest.enter(CurrentRequest.choose(delivery));
        try {
            handle(request, response, delivery);
        } finally {
            CurrentRequest.leave();
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response, String delivery) throws IOException {
        Optional<byte[]> secret = settings.secret();
        if (secret.isEmpty()) {
            answer(response, 503, "webhooks are not configured: set " + WebhookSettings.SECRET + " (or "
                    + WebhookSettings.SECRET_FILE + ") to the GitHub App's webhook secret");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            answer(response, 413, "a delivery is at most " + MAX_BODY + " bytes");
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            answer(response, 413, "a delivery is at most " + MAX_BODY + " bytes");
            return;
        }
        String contentType = String.valueOf(request.getContentType()).toLowerCase(java.util.Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            answer(response, 415, "set the App's webhook content type to application/json");
            return;
        }
        if (!WebhookSignature.valid(secret.get(), body, request.getHeader("X-Hub-Signature-256"))) {
            answer(response, 401, "the delivery's X-Hub-Signature-256 is missing or does not match the webhook secret");
            return;
        }
        String event = request.getHeader("X-GitHub-Event");
        if (delivery == null || !DELIVERY.matcher(delivery).matches() || event == null || !EVENT.matcher(event).matches()) {
            answer(response, 400, "X-GitHub-Delivery and X-GitHub-Event are required");
            return;
        }
        JsonValue parsed;
        try {
            parsed = JsonText.read(new String(body, StandardCharsets.UTF_8));
        } catch (JsonText.Invalid e) {
            parsed = null;
        }
        if (!(parsed instanceof JsonObject payload)) {
            answer(response, 400, "the delivery is not a JSON object");
            return;
        }
        if (event.equals("ping")) {
            answer(response, 200, "pong");
            return;
        }
        Optional<PolicyPullRequestCheck.Target> target = switch (event) {
            case "pull_request" -> pullRequest(payload);
            case "push" -> push(payload);
            default -> Optional.empty();
        };
        if (target.isEmpty()) {
            answer(response, 202, "nothing to check in this " + event + " delivery");
            return;
        }
        boolean claimed;
        try {
            claimed = deliveries.claim(delivery, event);
        } catch (RuntimeException e) {
            // the database is down, or another node claimed the same delivery in the same instant
            answer(response, 503, "the delivery could not be recorded; redeliver it later");
            return;
        }
        if (!claimed) {
            answer(response, 200, "delivery " + delivery + " was received before; not processed again");
            return;
        }
        if (!check.submit(delivery, target.get())) {
            answer(response, 503, "too many checks are waiting; redeliver this delivery later");
            return;
        }
        answer(response, 202, "accepted; the check run follows");
    }

    private static Optional<PolicyPullRequestCheck.Target> pullRequest(JsonObject payload) {
        if (!(payload.get("action") instanceof JsonString action) || !CHECKED_ACTIONS.contains(action.getString())) {
            return Optional.empty();
        }
        OptionalLong number = number(payload.get("number"));
        Optional<String> sha = text(at(payload, "pull_request", "head", "sha")).filter(s -> SHA.matcher(s).matches());
        return target(payload, sha, number, List.of()).filter(t -> number.isPresent());
    }

    private static Optional<PolicyPullRequestCheck.Target> push(JsonObject payload) {
        if (payload.get("deleted") == JsonValue.TRUE) {
            return Optional.empty();
        }
        Optional<String> repository = text(at(payload, "repository", "name"));
        List<String> files = new ArrayList<>();
        if (payload.get("commits") instanceof JsonArray commits) {
            for (JsonValue commit : commits) {
                for (String list : List.of("added", "modified")) {
                    if (commit instanceof JsonObject c && c.get(list) instanceof JsonArray paths) {
                        paths.stream().filter(JsonString.class::isInstance).map(p -> ((JsonString) p).getString())
                                .filter(p -> repository.isPresent() && PolicyPullRequestCheck.isPolicyFile(repository.get(), p))
                                .forEach(files::add);
                    }
                }
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> sha = text(payload.get("after")).filter(s -> SHA.matcher(s).matches());
        return target(payload, sha, OptionalLong.empty(), files.stream().distinct().toList());
    }

    private static Optional<PolicyPullRequestCheck.Target> target(JsonObject payload, Optional<String> sha,
                                                                 OptionalLong number, List<String> files) {
        OptionalLong installation = number(at(payload, "installation", "id"));
        Optional<String> owner = text(at(payload, "repository", "owner", "login"));
        Optional<String> repository = text(at(payload, "repository", "name"));
        if (installation.isEmpty() || owner.isEmpty() || repository.isEmpty() || sha.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyPullRequestCheck.Target(installation.getAsLong(), owner.get(), repository.get(),
                sha.get(), number, files));
    }

    private static JsonValue at(JsonObject o, String... path) {
        JsonValue current = o;
        for (String step : path) {
            if (!(current instanceof JsonObject object)) {
                return null;
            }
            current = object.get(step);
        }
        return current;
    }

    private static Optional<String> text(JsonValue v) {
        return v instanceof JsonString s && !s.getString().isEmpty() && s.getString().length() <= 255
                ? Optional.of(s.getString()) : Optional.empty();
    }

    private static OptionalLong number(JsonValue v) {
        return v instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().signum() > 0
                && n.bigDecimalValue().precision() <= 18 ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }

    private static void answer(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = CachedJson.createObjectBuilder().add("message", message).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
