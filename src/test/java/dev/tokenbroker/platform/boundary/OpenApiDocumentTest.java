package dev.tokenbroker.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.OpenApiDocument;
import dev.tokenbroker.vault.http.boundary.VaultServlet;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/**
 * The OpenAPI description served at {@code /openapi.yaml} and {@code /openapi.json} against what the WAR serves: a
 * route served but not documented, or documented but not served, fails here. The served side is read from the
 * compiled classes: every {@link VaultPaths} bean's routes (their regular expressions read back as path templates),
 * the JAX-RS resources and the servlets. Also the structural basics a reader or a generator relies on.
 */
class OpenApiDocumentTest {

    private static final OpenApiDocument DOCUMENT = OpenApiDocument.load();
    private static final JsonObject API = Json.createReader(
            new StringReader(new String(DOCUMENT.json(), StandardCharsets.UTF_8))).readObject();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "head", "patch", "options",
            "trace");
    /** Where {@code VaultServlet} is mapped, and so where the document's Vault paths start. */
    private static final String VAULT = "/v1/";
    /** The one path {@code VaultServlet} answers HEAD on. */
    private static final String HEAD_PATH = "sys/health";
    private static final Path CLASSES = classesDirectory();
    private static final List<Class<?>> MAIN = mainClasses();

    @Test
    void isOpenApi31WithTheBrokersVersion() {
        assertThat(API.getString("openapi")).isEqualTo("3.1.0");
        assertThat(API.getJsonObject("info").getString("version")).isEqualTo(new BrokerVersion().version())
                .doesNotContain("$");
    }

    @Test
    void theBuildFillsInTheVersionAndChangesNothingElse() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/main/resources").resolve(OpenApiDocument.RESOURCE.substring(1)));
        List<String> served = new String(DOCUMENT.yaml(), StandardCharsets.UTF_8).lines().toList();
        assertThat(served).hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            if (!source.get(i).equals("  version: ${project.version}")) {
                assertThat(served.get(i)).as("line %d", i + 1).isEqualTo(source.get(i));
            }
        }
    }

    // ---- the document against the routes ----

    @Test
    void everyVaultRouteIsDocumentedAndEveryDocumentedVaultPathIsServed() {
        Set<String> served = new TreeSet<>();
        for (VaultRoute route : vaultRoutes()) {
            for (String template : RouteTemplates.of(route.pattern().pattern())) {
                assertThat(route.pattern().matcher(template.replace("{}", "x")).matches())
                        .as("%s reads as %s", route.pattern(), template).isTrue();
                route.operations().forEach(operation -> served.add(operation + " " + template));
            }
        }
        Set<String> documented = new TreeSet<>();
        vaultOperations().forEach((template, methods) -> methods.forEach((method, operation) -> {
            Set<Operation> operations = vaultOperations(template, method, operation);
            operations.forEach(o -> documented.add(o + " " + template));
        }));
        assertSoftly(soft -> {
            soft.assertThat(difference(served, documented)).as("served but not documented").isEmpty();
            soft.assertThat(difference(documented, served)).as("documented but not served").isEmpty();
        });
    }

    @Test
    void theVaultApiIsMappedWhereTheDocumentSays() {
        assertThat(VaultServlet.class.getAnnotation(WebServlet.class).urlPatterns()).containsExactly(VAULT + "*");
    }

    @Test
    void everyOtherPathTheWarServesIsDocumentedAndEveryOtherDocumentedPathIsServed() {
        Set<String> served = new TreeSet<>();
        served.addAll(jaxRsOperations());
        served.addAll(servletOperations());
        Set<String> documented = new TreeSet<>();
        API.getJsonObject("paths").forEach((path, item) -> {
            if (!path.startsWith(VAULT)) {
                operations(pathItem(item)).keySet().forEach(method -> documented.add(method.toUpperCase() + " " + path));
            }
        });
        assertThat(served).as("read from the classes").contains("POST /access_tokens", "GET /metrics");
        assertSoftly(soft -> {
            soft.assertThat(difference(served, documented)).as("served but not documented").isEmpty();
            soft.assertThat(difference(documented, served)).as("documented but not served").isEmpty();
        });
    }

    @Test
    void vaultOperationsNeedNoTokenExactlyWhereTheRouteIsUnauthenticated() {
        Map<String, Boolean> authenticated = new HashMap<>();
        for (VaultRoute route : vaultRoutes()) {
            for (String template : RouteTemplates.of(route.pattern().pattern())) {
                route.operations().forEach(o -> authenticated.putIfAbsent(o + " " + template, route.authenticated()));
            }
        }
        List<String> wrong = new ArrayList<>();
        vaultOperations().forEach((template, methods) -> methods.forEach((method, operation) -> {
            boolean open = security(operation).isEmpty();
            for (Operation o : vaultOperations(template, method, operation)) {
                if (open == authenticated.getOrDefault(o + " " + template, !open)) {
                    wrong.add(method + " " + template + (open ? " needs a token" : " needs none"));
                }
            }
        }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void routePatternsReadAsTemplates() {
        assertThat(RouteTemplates.of("auth/github/map/(teams|users)/([-A-Za-z0-9_]+)"))
                .containsExactlyInAnyOrder("auth/github/map/teams/{}", "auth/github/map/users/{}");
        assertThat(RouteTemplates.of("sys/leases/lookup(?:/(.*))?"))
                .containsExactlyInAnyOrder("sys/leases/lookup", "sys/leases/lookup/{}");
        assertThat(RouteTemplates.of("github/permissionsets?"))
                .containsExactlyInAnyOrder("github/permissionset", "github/permissionsets");
        assertThat(RouteTemplates.of("github/token/(\\w(?:[\\w.-]*\\w)?)")).containsExactly("github/token/{}");
        assertThat(RouteTemplates.of("sys/auth/(.+)/tune")).containsExactly("sys/auth/{}/tune");
        assertThatThrownBy(() -> RouteTemplates.of("sys/a.b")).hasMessageContaining("sys/a.b");
        assertThatThrownBy(() -> RouteTemplates.of("sys/(.+")).hasMessageContaining("sys/(.+");
    }

    // ---- structure ----

    @Test
    void everyOperationHasResponses() {
        List<String> without = new ArrayList<>();
        API.getJsonObject("paths").forEach((path, item) -> operations(pathItem(item)).forEach((method, operation) -> {
            if (!operation.containsKey("responses") || operation.getJsonObject("responses").isEmpty()) {
                without.add(method + " " + path);
            }
        }));
        assertThat(without).isEmpty();
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        List<String> unresolved = new ArrayList<>();
        references(API, unresolved);
        assertThat(unresolved).isEmpty();
    }

    @Test
    void everySecurityRequirementNamesAScheme() {
        Set<String> schemes = API.getJsonObject("components").getJsonObject("securitySchemes").keySet();
        List<JsonArray> requirements = new ArrayList<>(List.of(API.getJsonArray("security")));
        API.getJsonObject("paths").forEach((path, item) -> operations(pathItem(item)).values().forEach(operation -> {
            if (operation.containsKey("security")) {
                requirements.add(operation.getJsonArray("security"));
            }
        }));
        requirements.forEach(r -> r.forEach(requirement -> assertThat(schemes).containsAll(requirement.asJsonObject().keySet())));
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryDeclaredOneIsInThePath() {
        List<String> wrong = new ArrayList<>();
        API.getJsonObject("paths").forEach((path, item) -> {
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            JsonObject resolved = pathItem(item);
            operations(resolved).forEach((method, operation) -> {
                Set<String> declared = new TreeSet<>();
                parameters(resolved, operation).stream().filter(p -> p.getString("in").equals("path")).forEach(p -> {
                    declared.add(p.getString("name"));
                    if (!p.getBoolean("required", false)) {
                        wrong.add(method + " " + path + ": " + p.getString("name") + " is not required");
                    }
                });
                if (!declared.equals(inTemplate)) {
                    wrong.add(method + " " + path + " declares " + declared);
                }
            });
        });
        assertThat(wrong).isEmpty();
    }

    // ---- the document ----

    /** Each Vault path of the document (after {@code /v1/}, parameters as {@code {}}) with its operations by method. */
    private static Map<String, Map<String, JsonObject>> vaultOperations() {
        Map<String, Map<String, JsonObject>> out = new HashMap<>();
        API.getJsonObject("paths").forEach((path, item) -> {
            if (path.startsWith(VAULT)) {
                JsonObject resolved = pathItem(item);
                Map<String, JsonObject> methods = new HashMap<>();
                operations(resolved).forEach((method, operation) -> methods.put(method, withPathParameters(resolved, operation)));
                assertThat(methods.containsKey("put")).as("%s: POST and PUT are one operation in Vault; document both",
                        path).isEqualTo(methods.containsKey("post"));
                out.put(path.substring(VAULT.length()).replaceAll("\\{[^}]+}", "{}"), methods);
            }
        });
        return out;
    }

    /**
     * What Vault operations a documented method stands for (vault-api.md §1.2): GET reads, or lists when it takes
     * {@code list} (only lists when {@code list} is required); POST and PUT update, and come together; DELETE
     * deletes; HEAD is the health check's. Anything else is no Vault operation and fails.
     */
    private static Set<Operation> vaultOperations(String template, String method, JsonObject operation) {
        switch (method) {
            case "get" -> {
                JsonObject list = operation.getJsonArray("parameters").stream().map(JsonValue::asJsonObject)
                        .filter(p -> p.getString("name").equals("list") && p.getString("in").equals("query"))
                        .findFirst().orElse(null);
                if (list == null) {
                    return Set.of(Operation.READ);
                }
                return list.getBoolean("required", false) ? Set.of(Operation.LIST) : Set.of(Operation.READ, Operation.LIST);
            }
            case "post", "put" -> {
                return Set.of(Operation.UPDATE);
            }
            case "delete" -> {
                return Set.of(Operation.DELETE);
            }
            case "head" -> {
                assertThat(template).as("HEAD is served on %s only", HEAD_PATH).isEqualTo(HEAD_PATH);
                return Set.of();
            }
            default -> throw new AssertionError(method + " " + template + " is no Vault operation");
        }
    }

    private static Map<String, JsonObject> operations(JsonObject pathItem) {
        Map<String, JsonObject> out = new HashMap<>();
        METHODS.stream().filter(pathItem::containsKey).forEach(m -> out.put(m, pathItem.getJsonObject(m)));
        return out;
    }

    /** The operation with the path item's parameters added to its own, references resolved. */
    private static JsonObject withPathParameters(JsonObject pathItem, JsonObject operation) {
        var all = Json.createArrayBuilder();
        parameters(pathItem, operation).forEach(all::add);
        return Json.createObjectBuilder(operation).add("parameters", all).build();
    }

    private static List<JsonObject> parameters(JsonObject pathItem, JsonObject operation) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject holder : List.of(pathItem, operation)) {
            if (holder.containsKey("parameters")) {
                holder.getJsonArray("parameters").forEach(p -> out.add(resolve(p.asJsonObject())));
            }
        }
        return out;
    }

    private static JsonObject pathItem(JsonValue item) {
        return resolve(item.asJsonObject());
    }

    private static JsonObject resolve(JsonObject maybeReference) {
        return maybeReference.containsKey("$ref")
                ? Json.createPointer(maybeReference.getString("$ref").substring(1)).getValue(API).asJsonObject()
                : maybeReference;
    }

    private static JsonArray security(JsonObject operation) {
        return operation.containsKey("security") ? operation.getJsonArray("security") : API.getJsonArray("security");
    }

    private static void references(JsonValue value, List<String> unresolved) {
        if (value instanceof JsonObject object) {
            object.forEach((key, member) -> {
                if (key.equals("$ref") && member instanceof JsonString ref) {
                    if (!ref.getString().startsWith("#/")) {
                        unresolved.add(ref.getString() + " (not within the document)");
                    } else {
                        try {
                            Json.createPointer(ref.getString().substring(1)).getValue(API);
                        } catch (JsonException e) {
                            unresolved.add(ref.getString());
                        }
                    }
                } else {
                    references(member, unresolved);
                }
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(element -> references(element, unresolved));
        }
    }

    // ---- what the WAR serves ----

    /** The routes of every {@link VaultPaths} in the WAR, as the dispatcher gathers them (beans built bare). */
    private static List<VaultRoute> vaultRoutes() {
        List<VaultRoute> routes = new ArrayList<>();
        for (Class<?> type : MAIN) {
            if (VaultPaths.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                try {
                    routes.addAll(((VaultPaths) type.getDeclaredConstructor().newInstance()).routes());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot build " + type.getName() + " to read its routes", e);
                }
            }
        }
        assertThat(routes).as("routes found").isNotEmpty();
        return routes;
    }

    /** {@code METHOD /path} of every JAX-RS resource method, under the application's path. */
    private static Set<String> jaxRsOperations() {
        String application = MAIN.stream().filter(c -> c.isAnnotationPresent(ApplicationPath.class))
                .map(c -> c.getAnnotation(ApplicationPath.class).value()).reduce((a, b) -> {
                    throw new AssertionError("more than one JAX-RS application");
                }).orElseThrow();
        Set<String> out = new TreeSet<>();
        for (Class<?> type : MAIN) {
            jakarta.ws.rs.Path path = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (path == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                for (Annotation annotation : method.getAnnotations()) {
                    HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        out.add(http.value() + " " + join(application, path.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code METHOD /path} of every servlet but the Vault API's, by the {@code doXxx} methods it overrides. A servlet
     * mapped by a wildcard other than the Vault API's would serve paths this cannot list, so it fails.
     */
    private static Set<String> servletOperations() {
        Set<String> out = new TreeSet<>();
        for (Class<?> type : MAIN) {
            WebServlet servlet = type.getAnnotation(WebServlet.class);
            if (servlet == null || type == VaultServlet.class) {
                continue;
            }
            List<String> patterns = new ArrayList<>(Arrays.asList(servlet.urlPatterns()));
            patterns.addAll(Arrays.asList(servlet.value()));
            for (String pattern : patterns) {
                assertThat(pattern).as(type.getName() + " maps a wildcard").doesNotContain("*");
                for (Method method : type.getDeclaredMethods()) {
                    if (method.getName().matches("do[A-Z][a-z]+")) {
                        out.add(method.getName().substring(2).toUpperCase() + " " + pattern);
                    }
                }
            }
        }
        return out;
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                b.append('/').append(trimmed);
            }
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    private static Path classesDirectory() {
        try {
            Path classes = Path.of(OpenApiDocument.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(classes).as("the WAR's classes as compiled").isDirectory();
            return classes;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> mainClasses() {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .map(f -> CLASSES.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
                            .replaceAll("\\.class$", ""))
                    .filter(name -> !name.endsWith("package-info"))
                    .<Class<?>>map(name -> {
                        try {
                            return Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                        } catch (ClassNotFoundException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /**
     * The request paths a route's regular expression stands for, as templates with {@code {}} for each parameter. It
     * reads the few forms the routes use: literal text; a capturing group of literal alternatives, which becomes one
     * template each ({@code (teams|users)}); any other capturing group, which is a parameter; a non-capturing group
     * and a character made optional with {@code ?}, which give the templates with and without. Anything else is
     * refused, so a new form of pattern fails here rather than being read wrong.
     */
    static final class RouteTemplates {

        private static final Pattern LITERAL_ALTERNATIVES = Pattern.compile("[\\w/-]+(?:\\|[\\w/-]+)*");
        private static final String LITERAL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_";

        private final String regex;
        private final String whole;
        private int at;

        private RouteTemplates(String regex, String whole) {
            this.regex = regex;
            this.whole = whole;
        }

        static List<String> of(String regex) {
            return new RouteTemplates(regex, regex).all();
        }

        private List<String> all() {
            List<String> out = new ArrayList<>(sequence());
            while (at < regex.length() && regex.charAt(at) == '|') {
                at++;
                out.addAll(sequence());
            }
            if (at != regex.length()) {
                throw refused();
            }
            return out;
        }

        private List<String> sequence() {
            List<String> out = List.of("");
            while (at < regex.length() && regex.charAt(at) != '|') {
                List<String> item = item();
                if (at < regex.length() && regex.charAt(at) == '?') {
                    at++;
                    item = new ArrayList<>(item);
                    item.add("");
                }
                List<String> product = new ArrayList<>();
                for (String before : out) {
                    item.forEach(after -> product.add(before + after));
                }
                out = product;
            }
            return out;
        }

        private List<String> item() {
            char c = regex.charAt(at);
            if (c != '(') {
                if (LITERAL.indexOf(c) < 0) {
                    throw refused();
                }
                at++;
                return List.of(String.valueOf(c));
            }
            int end = closing(at);
            String group = regex.substring(at + 1, end);
            at = end + 1;
            if (group.startsWith("?:")) {
                return new RouteTemplates(group.substring(2), whole).all();
            }
            return LITERAL_ALTERNATIVES.matcher(group).matches() ? List.of(group.split("\\|")) : List.of("{}");
        }

        /** The index of the parenthesis closing the group that opens at {@code open}. */
        private int closing(int open) {
            int depth = 0;
            boolean inClass = false;
            for (int i = open; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (inClass) {
                    inClass = c != ']';
                } else if (c == '[') {
                    inClass = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            throw refused();
        }

        private IllegalArgumentException refused() {
            return new IllegalArgumentException("cannot read the route pattern " + whole + " as path templates; "
                    + "write it in the forms RouteTemplates reads, or teach it the new one");
        }
    }
}
