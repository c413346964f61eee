package dev.tokenbroker.platform.control;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Settings the broker found unusable, by key. A bad setting never stops the deployment: the feature that reads it
 * reports it here (and falls back or refuses to work), and readiness lists every problem so an operator sees them
 * all at once.
 */
@ApplicationScoped
public class ConfigurationProblems {

    private final Map<String, String> problems = new TreeMap<>();

    public synchronized void report(String key, String message) {
        problems.put(key, message);
    }

    public synchronized void clear(String key) {
        problems.remove(key);
    }

    public synchronized Map<String, String> all() {
        return Map.copyOf(problems);
    }
}
