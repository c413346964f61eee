package dev.tokenbroker.vault.sys.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.LogLines;

/**
 * Makes an embedded H2 database keep every acknowledged write when the process is killed, as PostgreSQL does. H2
 * writes commits to its file in the background, up to 500 ms late by default ({@code WRITE_DELAY}); a crash then loses
 * writes the API had already acknowledged, revocations among them. {@code SET WRITE_DELAY 0} (a setting H2 keeps in
 * the database file) writes each commit before it returns, for about 0.1 ms per commit. Other databases are left
 * alone. If H2 refuses the setting, readiness is DOWN: the API would acknowledge writes it may lose.
 */
@ApplicationScoped
public class DatabaseDurability {

    static final String PROBLEM_KEY = "database";
    private static final Logger LOG = LogLines.logger(DatabaseDurability.class);

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    ConfigurationProblems problems;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET WRITE_DELAY 0");
                LOG.info("Embedded H2: every commit is written to the database file before it is acknowledged"
                        + " (WRITE_DELAY 0)");
            } catch (SQLException e) {
                String message = "The embedded H2 database refused SET WRITE_DELAY 0 (" + e.getMessage() + "): writes"
                        + " acknowledged in the last 500 ms before a crash could be lost; add ;WRITE_DELAY=0 to the H2 URL"
                        + " or use PostgreSQL";
                LOG.severe(message);
                problems.report(PROBLEM_KEY, message);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warning("Could not check the database's durability at start (" + e.getMessage() + ")");
        }
    }
}
