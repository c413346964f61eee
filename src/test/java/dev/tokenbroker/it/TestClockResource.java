package dev.tokenbroker.it;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import dev.tokenbroker.testsupport.ShiftedClock;

/**
 * Test-only, added to the WAR by {@link BrokerDeployment} (never shipped): the broker's one clock, replaced by a
 * {@link ShiftedClock} that {@code PUT it/clock} (the offset in milliseconds) moves forward. With {@link #advance} a
 * test moves the simulator, the OIDC issuer and the broker a minute on together, so TTLs, freshness windows, renewals,
 * the breaker's open time and rate-limit resets are tested without waiting on the wall clock.
 */
@Path("it/clock")
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
public class TestClockResource {

    private final ShiftedClock clock = new ShiftedClock();

    @Produces
    @ApplicationScoped
    Clock clock() {
        return clock;
    }

    @PUT
    @Consumes(MediaType.TEXT_PLAIN)
    public void shiftTo(String offsetMillis) {
        Duration target = Duration.ofMillis(Long.parseLong(offsetMillis.trim()));
        clock.advance(target.minus(clock.offset()).isNegative() ? Duration.ZERO : target.minus(clock.offset()));
    }

    /** Moves {@code world} (the fakes' clock) and the broker at {@code base} forward by {@code by}. */
    public static void advance(URL base, ShiftedClock world, Duration by) {
        Duration offset = world.advance(by);
        HttpResponse<String> answer = TestHttp.send(TestHttp.client(), HttpRequest.newBuilder(TestHttp.base(base).resolve("it/clock"))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(offset.toMillis()))));
        if (answer.statusCode() != 204) {
            throw new IllegalStateException("the broker's test clock did not move: " + answer.statusCode() + " " + answer.body());
        }
    }
}
