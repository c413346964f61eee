package dev.tokenbroker.policy.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.Scope;

/**
 * The permission scopes the broker knows, read from the data file {@code permissions.tsv} beside this class (the
 * union of GitHub's app-permissions schema and the scopes qoomon's server accepts). New scopes need a line there,
 * not code. Names are kebab-case; {@link #normalize(String)} turns every {@code _} into {@code -} first, so
 * {@code pull_requests}, {@code pull-requests} and v3's {@code organization-custom_properties} are the same scope.
 */
public final class PermissionCatalog {

    private static final String RESOURCE = "/dev/tokenbroker/policy/permissions.tsv";
    private static final PermissionCatalog STANDARD = load();

    private final Map<String, Scope> scopes;

    PermissionCatalog(Map<String, Scope> scopes) {
        this.scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    }

    /** The catalog shipped with the broker. It is immutable data, so one shared instance serves everyone. */
    public static PermissionCatalog standard() {
        return STANDARD;
    }

    /** Every {@code _} becomes {@code -}: how request keys and policy keys are compared with the catalog. */
    public static String normalize(String key) {
        return key.replace('_', '-');
    }

    /** The scope for a key as written (snake or kebab case), if it is known. */
    public Optional<Scope> find(String key) {
        return Optional.ofNullable(scopes.get(normalize(key)));
    }

    public int size() {
        return scopes.size();
    }

    public Set<String> names() {
        return scopes.keySet();
    }

    private static PermissionCatalog load() {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        try (InputStream in = PermissionCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the permission catalog " + RESOURCE + " is missing from the WAR");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Scope scope = parseLine(line, number);
                if (scopes.put(scope.name(), scope) != null) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": duplicate scope " + scope.name());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PermissionCatalog(scopes);
    }

    private static Scope parseLine(String line, int number) {
        String[] columns = line.split("\t");
        if (columns.length != 4 || !columns[0].matches("[a-z0-9]+(-[a-z0-9]+)*")
                || !(columns[1].equals("repository") || columns[1].equals("organization"))) {
            throw new IllegalStateException(RESOURCE + " line " + number + " is not 'scope<TAB>class<TAB>levels<TAB>sources'");
        }
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String level : columns[2].split(",")) {
            levels.add(Level.parse(level).orElseThrow(() -> new IllegalStateException(
                    RESOURCE + " line " + number + ": unknown level " + level)));
        }
        List<String> sources = Arrays.asList(columns[3].split(","));
        return new Scope(columns[0], columns[1].equals("repository"), levels, sources);
    }
}
