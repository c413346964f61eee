package dev.tokenbroker.platform.boundary;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The container's 401 error page ({@code web.xml}). MicroProfile JWT checks every {@code Authorization: Bearer}
 * credential on every path and answers 401 itself when it is not a valid workflow OIDC token. For the Vault API a
 * bearer credential is a Vault token, not an OIDC token, so such requests are handed to the Vault dispatcher, which
 * authenticates them itself; everything else gets the exchange's rejected-token answer.
 */
@WebServlet("/errors/unauthorized")
public class UnauthorizedPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Servlet names the page dispatches to. */
    public static final String VAULT = "vault";
    public static final String EXCHANGE = "exchange-rejected-token";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString().substring(request.getContextPath().length());
        boolean vault = path.equals("/v1") || path.startsWith("/v1/");
        RequestDispatcher target = getServletContext().getNamedDispatcher(vault ? VAULT : EXCHANGE);
        response.setStatus(401);
        target.forward(request, response);
    }
}
