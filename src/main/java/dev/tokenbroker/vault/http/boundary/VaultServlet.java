package dev.tokenbroker.vault.http.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.ClientAddress;
import dev.tokenbroker.platform.control.CurrentRequest;
import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.vault.http.control.VaultErrors;
import dev.tokenbroker.vault.http.control.VaultInputLimits;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultGuard;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/**
 * The one entry point of the Vault-compatible API, {@code /v1/*} (vault-api.md §1). A servlet rather than JAX-RS
 * resources, because Vault clients send the custom verb {@code LIST} (and any verb must get Vault's answer), and
 * because every response needs Vault's exact headers and envelope. It parses the request, finds the route, lets the
 * {@link VaultGuard} check the token and ACL, runs the handler and writes the answer.
 */
@WebServlet(name = "vault", urlPatterns = "/v1/*", loadOnStartup = 1)
public class VaultServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LogLines.logger(VaultServlet.class);
    private static final List<String> VAULT_PREFIXES = List.of("auth/github/", "auth/token/", "sys/", "github/");

    @Inject
    transient Instance<VaultPaths> families;

    @Inject
    transient Instance<VaultGuard> guard;

    @Inject
    transient ClientAddress clientAddress;

    @Inject
    transient Settings settings;

    @Inject
    transient Metrics metrics;

    private transient List<VaultRoute> routes;

    /** The pattern of the route that served a request, for its metric. */
    private static final String ROUTE = VaultServlet.class.getName() + ".route";

    /** Echoed on every answer and used as the envelope's {@code request_id} and in every audit event. */
    static final String REQUEST_ID = "X-Request-Id";

    @Override
    public void init() {
        List<VaultRoute> all = new ArrayList<>();
        families.forEach(f -> all.addAll(f.routes()));
        routes = Collections.unmodifiableList(all);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = CurrentRequest.choose(request.getHeader(REQUEST_ID));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(REQUEST_ID, requestId);
        boolean head = request.getMethod().equals("HEAD");
        CurrentRequest.enter(requestId);
        try {
            VaultResponse result = dispatch(request);
            write(response, result, head);
        } catch (VaultException e) {
            writeError(response, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Vault request (" + request.getMethod() + ") failed", e);
            writeError(response, VaultException.failed("internal error"));
        } finally {
            CurrentRequest.leave();
            Object route = request.getAttribute(ROUTE);
            metrics.vaultRequest(route == null ? "none" : route.toString(), response.getStatus());
        }
    }

    /** The request path after {@code /v1/}, also when this servlet serves a forwarded error dispatch. */
    static String requestPath(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original != null ? original.toString() : request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        return uri.startsWith("/v1/") ? uri.substring(4) : uri.equals("/v1") ? "" : uri;
    }

    private VaultResponse dispatch(HttpServletRequest request) throws IOException {
        String rawPath = requestPath(request);
        String path;
        Map<String, List<String>> query;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            query = query(request.getQueryString());
        } catch (IllegalArgumentException e) {
            throw VaultException.invalid("invalid percent-encoding in the request URL");
        }
        checkPath(path);
        checkHeaders(request);
        if (request.getContentLengthLong() > maxBodyBytes()) {
            throw VaultException.plain(Kind.REQUEST_TOO_LARGE, "request body too large");
        }
        String method = request.getMethod();
        Operation operation;
        boolean listByQuery = false;
        switch (method) {
            case "GET", "HEAD" -> {
                Optional<Boolean> list = query.containsKey("list")
                        ? Fields.parseBool(query.get("list").get(0)) : Optional.of(false);
                if (list.isEmpty()) {
                    throw VaultException.empty(Kind.INVALID_REQUEST);
                }
                listByQuery = list.get();
                operation = listByQuery ? Operation.LIST : Operation.READ;
            }
            case "LIST" -> operation = Operation.LIST;
            case "POST", "PUT" -> operation = Operation.UPDATE;
            case "DELETE" -> operation = Operation.DELETE;
            case "PATCH" -> {
                String type = request.getContentType();
                if (type == null || !type.startsWith("application/merge-patch+json")) {
                    throw VaultException.plain(Kind.UNSUPPORTED_MEDIA_TYPE, "PATCH requires Content-Type of application/merge-patch+json, provided "
                            + (type == null ? "" : type));
                }
                throw VaultException.wrapped(Kind.UNSUPPORTED_OPERATION, "unsupported operation");
            }
            default -> throw VaultException.empty(Kind.UNSUPPORTED_OPERATION);
        }
        String routed = operation == Operation.LIST && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        VaultRoute route = null;
        Matcher match = null;
        for (VaultRoute candidate : routes) {
            Matcher m = candidate.match(routed);
            if (m.matches() && (route == null || candidate.operations().contains(operation))) {
                route = candidate;
                match = m;
                if (candidate.operations().contains(operation)) {
                    break; // else a later route for the same path may serve the operation
                }
            }
        }
        if (route != null) {
            request.setAttribute(ROUTE, route.pattern().pattern());
        }
        if (route == null) {
            if (VAULT_PREFIXES.stream().anyMatch(routed::startsWith)) {
                throw VaultException.wrapped(Kind.NOT_FOUND, "unsupported path");
            }
            throw VaultException.plain(Kind.NOT_FOUND, "no handler for route \"" + routed + "\". route entry not found.");
        }
        if (method.equals("HEAD") && !routed.equals("sys/health")) {
            throw VaultException.wrapped(Kind.UNSUPPORTED_OPERATION, "unsupported operation");
        }
        if (!route.operations().contains(operation)) {
            throw route.plainErrors() ? VaultException.plain(Kind.UNSUPPORTED_OPERATION, "unsupported operation")
                    : VaultException.wrapped(Kind.UNSUPPORTED_OPERATION, "unsupported operation");
        }
        Map<String, JsonValue> data = operation == Operation.UPDATE ? body(request) : queryData(query);
        VaultInputLimits.check(data); // before the token is looked up: no database or GitHub work for unbounded input
        String requestPath = operation == Operation.LIST ? routed + "/" : routed;
        VaultRequest vaultRequest = new VaultRequest(operation, requestPath, data,
                route.authenticated() ? token(request) : Optional.empty(), client(request), Optional.empty());
        if (!route.authenticated()) {
            return route.handler().handle(vaultRequest, match).mountType(route.mountType());
        }
        if (guard.isUnsatisfied()) {
            throw VaultException.permissionDenied();
        }
        try {
            VaultRequest admitted = guard.get().admit(vaultRequest, route, match);
            return route.handler().handle(admitted, match).mountType(route.mountType());
        } finally {
            guard.get().completed(vaultRequest); // a used-up token is revoked whether or not the request succeeded
        }
    }

    /** Empty, {@code .} and {@code ..} segments are refused (one trailing {@code /} is allowed, for lists). */
    private static void checkPath(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.isEmpty()) {
            return;
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw VaultException.invalid("invalid request path");
            }
        }
        VaultInputLimits.checkPath(trimmed);
    }

    private static void checkHeaders(HttpServletRequest request) {
        String namespace = request.getHeader("X-Vault-Namespace");
        if (namespace != null && !namespace.isEmpty() && !namespace.equals("root") && !namespace.equals("/")) {
            throw VaultException.invalid("namespaces are not supported by this server");
        }
        if (request.getHeader("X-Vault-Wrap-TTL") != null) {
            throw VaultException.invalid("response wrapping is not supported by this server");
        }
    }

    private static Optional<String> token(HttpServletRequest request) {
        String vaultToken = request.getHeader("X-Vault-Token");
        if (vaultToken != null && !vaultToken.isEmpty()) {
            return Optional.of(vaultToken);
        }
        var authorizations = request.getHeaders("Authorization");
        while (authorizations != null && authorizations.hasMoreElements()) {
            String value = authorizations.nextElement();
            if (value.startsWith("Bearer ")) {
                String token = value.substring("Bearer ".length()).trim();
                return token.isEmpty() ? Optional.empty() : Optional.of(token);
            }
        }
        return Optional.empty();
    }

    private String client(HttpServletRequest request) {
        try {
            return clientAddress.of(request).client();
        } catch (IllegalArgumentException e) {
            throw VaultException.invalid("invalid X-Forwarded-For header");
        }
    }

    private Map<String, JsonValue> body(HttpServletRequest request) throws IOException {
        int limit = maxBodyBytes();
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw VaultException.plain(Kind.REQUEST_TOO_LARGE, "request body too large");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Map.of();
        }
        String type = request.getContentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded") && trimmed.charAt(0) != '{'
                && trimmed.charAt(0) != '[') {
            try {
                return queryData(query(trimmed));
            } catch (IllegalArgumentException e) {
                throw VaultException.invalid("invalid percent-encoding in the form body");
            }
        }
        try {
            if (JsonText.read(text) instanceof JsonObject object) {
                return new LinkedHashMap<>(object);
            }
        } catch (JsonText.Invalid e) {
            if (!e.getMessage().equals("invalid JSON")) {
                throw VaultException.invalid("error parsing JSON: " + e.getMessage());
            }
        }
        throw VaultException.invalid("error parsing JSON");
    }

    private int maxBodyBytes() {
        return settings.integer("broker.vault.max-request-bytes", 1_048_576, 1024, 64 * 1_048_576);
    }

    private static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** Query or form values as request data; a repeated parameter becomes an array. {@code list} is not data. */
    private static Map<String, JsonValue> queryData(Map<String, List<String>> query) {
        Map<String, JsonValue> data = new LinkedHashMap<>();
        query.forEach((k, values) -> {
            if (k.equals("list")) {
                return;
            }
            if (values.size() == 1) {
                data.put(k, CachedJson.createValue(values.get(0)));
            } else {
                JsonArrayBuilder a = CachedJson.createArrayBuilder();
                values.forEach(a::add);
                data.put(k, a.build());
            }
        });
        return data;
    }

    private static void write(HttpServletResponse response, VaultResponse result, boolean head) throws IOException {
        response.setContentType(result.rawText() != null ? result.rawContentType() : "application/json");
        if (result.isRaw()) {
            response.setStatus(result.rawStatus());
            if (!head && result.rawText() != null) {
                bytes(response, result.rawText());
            } else if (!head && result.data() != null) {
                bytes(response, result.data().toString());
            }
            return;
        }
        if (result.isNoContent()) {
            // Vault sends its Content-Type on 204 too. Payara's Grizzly strips it from every 204 regardless; other
            // containers keep it when set as a plain header after the status.
            response.setStatus(204);
            response.setHeader("Content-Type", "application/json");
            return;
        }
        response.setStatus(200);
        bytes(response, VaultJson.envelope(result, result.mountType()));
    }

    private static void writeError(HttpServletResponse response, VaultException e) throws IOException {
        response.setStatus(VaultErrors.status(e.kind()));
        e.retryAfter().ifPresent(after -> response.setHeader("Retry-After", String.valueOf(Math.max(1, after.toSeconds()))));
        response.setContentType("application/json");
        bytes(response, VaultJson.errors(e));
    }

    private static void bytes(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
