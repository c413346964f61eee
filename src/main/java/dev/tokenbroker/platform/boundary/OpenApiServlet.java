package dev.tokenbroker.platform.boundary;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokenbroker.platform.control.OpenApiDocument;

/**
 * {@code GET /openapi.yaml} and {@code GET /openapi.json}: the OpenAPI 3.1 description of {@code /access_tokens},
 * the Vault API and these operational paths, as written and as JSON. Unauthenticated, like {@code /metrics}: it
 * describes only what the README does. Not {@code /openapi}, which is Payara Micro's own MicroProfile OpenAPI
 * endpoint. Read once, on the first request.
 */
@WebServlet(name = "openapi", urlPatterns = {OpenApiServlet.YAML, OpenApiServlet.JSON})
public class OpenApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String YAML = "/openapi.yaml";
    static final String JSON = "/openapi.json";
    /** The document changes only with the deployed WAR; an hour bounds how long a cache shows the previous one. */
    static final String CACHE_CONTROL = "public, max-age=3600";

    private transient OpenApiDocument document;

    @Override
    public void init() throws ServletException {
        try {
            document = OpenApiDocument.load();
        } catch (RuntimeException e) {
            throw new ServletException("The OpenAPI description cannot be served: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean json = JSON.equals(request.getServletPath());
        byte[] body = json ? document.json() : document.yaml();
        response.setStatus(200);
        response.setContentType(json ? "application/json" : "application/yaml");
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
