package dev.tokenbroker.exchange.boundary;

import java.io.IOException;
import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenbroker.exchange.control.ExchangeSettings;
import dev.tokenbroker.platform.boundary.UnauthorizedPage;

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
    Clock clock;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = RequestId.choose(request.getHeader(exchange.requestIdHeader()));
        String reason = exchange.rejectedTokenReason(request.getHeader("Authorization"), clock.instant());
        response.setStatus(401);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(exchange.requestIdHeader(), id);
        response.getWriter().write(ExchangeErrors.json(401, reason, id));
    }
}
