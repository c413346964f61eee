package dev.tokenbroker.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An empty PostgreSQL database per test, on the server that {@code DB_HOST}, {@code DB_PORT}, {@code DB_USER},
 * {@code DB_PASSWORD} name (failsafe sets them from the pom's {@code db.*} properties; the user needs {@code CREATEDB};
 * {@code bin/test-services} provides a local one).
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** Drops and creates {@code name}; returns the {@code DB_*} environment that points a server at it. */
    public static Map<String, String> recreate(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException(name);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_HOST", setting("DB_HOST", "127.0.0.1"));
        env.put("DB_PORT", setting("DB_PORT", "5432"));
        env.put("DB_USER", setting("DB_USER", "broker"));
        env.put("DB_PASSWORD", setting("DB_PASSWORD", "broker"));
        String url = "jdbc:postgresql://" + env.get("DB_HOST") + ":" + env.get("DB_PORT") + "/postgres";
        try (Connection c = DriverManager.getConnection(url, env.get("DB_USER"), env.get("DB_PASSWORD"));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate PostgreSQL database " + name + " at " + url
                    + " (bin/test-services starts PostgreSQL and creates the user): " + e.getMessage(), e);
        }
        env.put("DB_NAME", name);
        return env;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
