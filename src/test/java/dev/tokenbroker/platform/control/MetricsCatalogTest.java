package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * Keeps the metrics catalog ({@code docs/metrics.md}), the Grafana dashboard ({@code docs/grafana-dashboard.json}) and
 * the PromQL in the docs in step: the dashboard parses and is importable, every panel says what it tells and queries
 * something, every metric name the dashboard or the docs' PromQL uses is a row of the catalog, every catalog metric
 * is on the dashboard, and {@code docs/operations.md} has a section for every panel. Files are read relative to the
 * working directory, which is the project root under Maven.
 *
 * <p>{@link #catalog()}, {@link #catalogMetricNames()} and {@link CatalogEntry#seriesNames()} are public for the
 * integration tests that scrape {@code /metrics} after traffic and check the catalog against what is exposed.
 */
public class MetricsCatalogTest {

    public static final Path CATALOG = Path.of("docs", "metrics.md");
    public static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");
    static final Path OPERATIONS = Path.of("docs", "operations.md");
    static final List<Path> DOCS_WITH_PROMQL = List.of(CATALOG, OPERATIONS);

    static final List<String> PREFIXES = List.of("broker_", "jvm_", "process_", "system_");
    static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "timer");
    static final List<String> ROWS = List.of("Exchange", "GitHub", "Vault API", "Caches", "Database & JVM");

    /** A metric name in PromQL: one of the prefixes at a word start, then name characters. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:broker|jvm|process|system)_[A-Za-z0-9_:]*");
    private static final Pattern CATALOG_HEADER = Pattern.compile("^\\|\\s*name\\s*\\|\\s*type\\s*\\|.*");
    private static final Pattern CATALOG_NAME = Pattern.compile("^`([^`]+)`$");
    private static final Pattern FENCED_PROMQL = Pattern.compile("```promql\\n(.*?)```", Pattern.DOTALL);
    /** An inline code span; one with a brace or a parenthesis is taken for PromQL (an expression, a selector). */
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");

    /**
     * One row of the catalog table.
     *
     * @param name the name as Prometheus scrapes it ({@code broker_exchanges_total}, {@code jvm_gc_pause_seconds})
     * @param type {@code counter}, {@code gauge}, {@code histogram} or {@code timer}
     */
    public record CatalogEntry(String name, String type) {

        /** The series names a scrape shows for this row: a timer's and a histogram's suffixed names, else the name. */
        public Set<String> seriesNames() {
            return switch (type) {
                case "histogram" -> Set.of(name + "_bucket", name + "_count", name + "_sum", name + "_max");
                case "timer" -> Set.of(name + "_count", name + "_sum", name + "_max");
                default -> Set.of(name);
            };
        }
    }

    /** The rows of the table under {@code | name | type | ...} in {@code docs/metrics.md}, in order. */
    public static List<CatalogEntry> catalog() {
        List<String> lines = read(CATALOG).lines().toList();
        int header = 0;
        while (header < lines.size() && !CATALOG_HEADER.matcher(lines.get(header)).matches()) {
            header++;
        }
        if (header == lines.size()) {
            throw new AssertionError(CATALOG + " has no table with the header | name | type | ...");
        }
        List<CatalogEntry> entries = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            Matcher name = CATALOG_NAME.matcher(cells.get(0));
            if (cells.size() < 4 || !name.matches()) {
                throw new AssertionError(CATALOG + " line " + (i + 1) + ": expected | `name` | type | labels | meaning |, got "
                        + lines.get(i));
            }
            entries.add(new CatalogEntry(name.group(1), cells.get(1).split("\\s+")[0].toLowerCase(Locale.ROOT)));
        }
        return entries;
    }

    /** The catalog's metric names, as in its first column ({@code broker_exchanges_total}, {@code jvm_gc_pause_seconds}). */
    public static Set<String> catalogMetricNames() {
        Set<String> names = new LinkedHashSet<>();
        catalog().forEach(e -> names.add(e.name()));
        return names;
    }

    /**
     * Every series name the catalog allows in a query: counters' and gauges' names, and the suffixed names of its
     * timers and histograms (their bare name selects nothing).
     */
    static Set<String> catalogSeriesNames() {
        Set<String> names = new LinkedHashSet<>();
        catalog().forEach(e -> names.addAll(e.seriesNames()));
        return names;
    }

    @Test
    void catalogRowsNameMetricsWithAKnownPrefixAndType() {
        List<CatalogEntry> catalog = catalog();
        assertThat(catalog).as("rows of the catalog in " + CATALOG).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (CatalogEntry e : catalog) {
            if (PREFIXES.stream().noneMatch(e.name()::startsWith)) {
                problems.add(e.name() + ": the name starts with none of " + PREFIXES);
            }
            if (!e.name().matches("[a-z][a-z0-9_]*")) {
                problems.add(e.name() + ": not a Prometheus name in lower case");
            }
            if (!TYPES.contains(e.type())) {
                problems.add(e.name() + ": type '" + e.type() + "' is none of " + TYPES);
            }
            if (e.type().equals("counter") != e.name().endsWith("_total")) {
                problems.add(e.name() + ": a counter's name, and only a counter's, ends in _total as scraped");
            }
            if (!seen.add(e.name())) {
                problems.add(e.name() + ": listed twice");
            }
        }
        assertThat(problems).as(CATALOG.toString()).isEmpty();
    }

    @Test
    void dashboardIsImportableWithADatasourceAndAnInstanceVariable() {
        JsonObject dashboard = dashboard();
        assertThat(dashboard.getInt("schemaVersion")).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.getString("uid", "")).isNotBlank();
        Map<String, JsonObject> variables = new LinkedHashMap<>();
        dashboard.getJsonObject("templating").getJsonArray("list")
                .forEach(v -> variables.put(v.asJsonObject().getString("name"), v.asJsonObject()));
        assertThat(variables).containsKeys("datasource", "instance");
        assertThat(variables.get("datasource").getString("type")).isEqualTo("datasource");
        assertThat(variables.get("datasource").getString("query")).isEqualTo("prometheus");
        assertThat(variables.get("instance").getString("type")).isEqualTo("query");
        assertThat(uid(variables.get("instance"))).isEqualTo("${datasource}");
    }

    @Test
    void dashboardHasItsRowsInOrder() {
        List<String> rows = panels(dashboard()).stream().filter(MetricsCatalogTest::isRow)
                .map(p -> p.getString("title")).toList();
        assertThat(rows).containsExactlyElementsOf(ROWS);
    }

    @Test
    void everyPanelHasADescriptionAndQueriesThroughTheDatasourceVariable() {
        List<String> problems = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonObject panel : panels(dashboard())) {
            String title = panel.getString("title", "(untitled)");
            if (!ids.add(panel.getInt("id", -1))) {
                problems.add(title + ": id missing or used twice");
            }
            if (isRow(panel)) {
                continue;
            }
            if (panel.getString("description", "").isBlank()) {
                problems.add(title + ": no description");
            }
            if (!"${datasource}".equals(uid(panel))) {
                problems.add(title + ": datasource is not ${datasource}");
            }
            List<JsonObject> targets = panel.containsKey("targets")
                    ? panel.getJsonArray("targets").getValuesAs(JsonObject.class) : List.of();
            if (targets.isEmpty()) {
                problems.add(title + ": no target");
            }
            for (JsonObject target : targets) {
                String expr = target.getString("expr", "");
                if (expr.isBlank()) {
                    problems.add(title + ": target " + target.getString("refId", "?") + " has no expression");
                } else if (!expr.contains("instance=~\"$instance\"")) {
                    problems.add(title + ": " + expr + " ignores the instance variable");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMetricTheDashboardQueriesIsInTheCatalog() {
        Set<String> known = catalogSeriesNames();
        List<String> unknown = new ArrayList<>();
        dashboardQueries().forEach((where, query) -> metricNames(query).stream()
                .filter(name -> !known.contains(name)).forEach(name -> unknown.add(where + ": " + name)));
        assertThat(unknown).as("metric names not in the table of " + CATALOG).isEmpty();
    }

    @Test
    void everyMetricInTheDocsPromqlIsInTheCatalog() {
        // fenced ```promql blocks, and inline expressions such as the alert table's
        Set<String> known = catalogSeriesNames();
        List<String> unknown = new ArrayList<>();
        for (Path doc : DOCS_WITH_PROMQL) {
            String text = read(doc);
            List<String> promql = new ArrayList<>();
            Matcher block = FENCED_PROMQL.matcher(text);
            while (block.find()) {
                promql.add(block.group(1));
            }
            Matcher span = INLINE_CODE.matcher(FENCED_PROMQL.matcher(text).replaceAll(""));
            while (span.find()) {
                if (span.group(1).contains("{") || span.group(1).contains("(")) {
                    promql.add(span.group(1));
                }
            }
            promql.forEach(query -> metricNames(query).stream().filter(name -> !known.contains(name))
                    .forEach(name -> unknown.add(doc + ": " + name + " in " + query.strip())));
        }
        assertThat(unknown).as("metric names not in the table of " + CATALOG).isEmpty();
    }

    @Test
    void everyCatalogMetricIsOnTheDashboard() {
        Set<String> queried = new TreeSet<>();
        dashboardQueries().values().forEach(q -> queried.addAll(metricNames(q)));
        List<String> missing = catalog().stream()
                .filter(e -> e.seriesNames().stream().noneMatch(queried::contains))
                .map(CatalogEntry::name).toList();
        assertThat(missing).as("catalog metrics no panel of " + DASHBOARD + " shows").isEmpty();
    }

    @Test
    void everyPanelIsDescribedInTheOperationsGuide() {
        Set<String> headings = new LinkedHashSet<>();
        read(OPERATIONS).lines().filter(l -> l.startsWith("#### ")).forEach(l -> headings.add(l.substring(5).strip()));
        List<String> missing = panels(dashboard()).stream().filter(p -> !isRow(p)).map(p -> p.getString("title"))
                .filter(title -> !headings.contains(title)).toList();
        assertThat(missing).as("panels without a '#### <title>' section in " + OPERATIONS).isEmpty();
    }

    // ---------------------------------------------------------------- reading the files

    private static JsonObject dashboard() {
        try (JsonReader reader = Json.createReader(new StringReader(read(DASHBOARD)))) {
            return reader.readObject();
        } catch (jakarta.json.JsonException e) {
            throw new AssertionError(DASHBOARD + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every panel, rows included, with the panels kept inside collapsed rows. */
    private static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject panel : dashboard.getJsonArray("panels").getValuesAs(JsonObject.class)) {
            out.add(panel);
            if (panel.containsKey("panels")) {
                out.addAll(panel.getJsonArray("panels").getValuesAs(JsonObject.class));
            }
        }
        return out;
    }

    /** Each PromQL query of the dashboard (panel targets and query variables), keyed by where it is. */
    private static Map<String, String> dashboardQueries() {
        JsonObject dashboard = dashboard();
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonObject panel : panels(dashboard)) {
            if (panel.containsKey("targets")) {
                for (JsonObject target : panel.getJsonArray("targets").getValuesAs(JsonObject.class)) {
                    queries.put("panel '" + panel.getString("title", "") + "' " + target.getString("refId", ""),
                            target.getString("expr", ""));
                }
            }
        }
        for (JsonObject variable : dashboard.getJsonObject("templating").getJsonArray("list").getValuesAs(JsonObject.class)) {
            if (variable.getString("type", "").equals("query")) {
                JsonValue query = variable.get("query");
                queries.put("variable $" + variable.getString("name"), query instanceof JsonString s ? s.getString()
                        : query instanceof JsonObject o ? o.getString("query", "") : "");
            }
        }
        return queries;
    }

    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static boolean isRow(JsonObject panel) {
        return panel.getString("type", "").equals("row");
    }

    private static String uid(JsonObject withDatasource) {
        JsonValue datasource = withDatasource.get("datasource");
        return datasource instanceof JsonObject o ? o.getString("uid", "") : "";
    }

    /** A Markdown table row's cells, trimmed; {@code \|} inside a cell is not a separator. */
    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && !inner.endsWith("\\|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath()
                    + " (tests read it relative to the project root)", e);
        }
    }
}
