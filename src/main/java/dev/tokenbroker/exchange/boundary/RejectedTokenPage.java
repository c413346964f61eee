package dev.tokenbroker.exchange.boundary;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenbroker.exchange.control.ExchangeSettings;
import dev.tokenbroker.exchange.control.RejectedTokenReason;
import dev.tokenbroker.platform.boundary.UnauthorizedPage;
import dev.tokenbroker.platform.control.Settings;

/**
 * The exchange's answer to a rejected bearer token (reached through {@link UnauthorizedPage}). When the container's
 * MicroProfile JWT rejects a bearer token,
 * it answers 401 itself, before JAX-RS; this page gives that answer the exchange's JSON shape, a request id and a
 * message starting {@code Invalid token:}, which is all the action can show its user.
 */
@WebServlet(name = UnauthorizedPage.EXCHANGE, urlPatterns = "/errors/exchange-unauthorized")
public class RejectedTokenPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ExchangeSettings exchange;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = RequestId.choose(request.getHeader(exchange.requestIdHeader()));
        List<String> audiences = Arrays.stream(settings.text(ExchangeSettings.AUDIENCES, "").split(","))
                .map(String::trim).filter(a -> !a.isEmpty()).toList();
        String reason = RejectedTokenReason.of(request.getHeader("Authorization"),
                settings.text("mp.jwt.verify.issuer", "https://token.actions.githubusercontent.com"), audiences,
                clock.instant(), exchange.clockSkew());
        response.setStatus(401);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(exchange.requestIdHeader(), id);
        response.getWriter().write(ExchangeErrors.json(401, reason, id));
    }
}
