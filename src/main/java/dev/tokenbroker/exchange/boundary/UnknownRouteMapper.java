package dev.tokenbroker.exchange.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Paths no surface serves, and any method other than {@code POST} on {@code /access_tokens}, answer 404 in the
 * exchange's error shape (JAX-RS would answer 405 for the latter; the contract says 404). The method comes from
 * {@link Request}: a {@code ContainerRequestContext} is injectable only into filters (RESTEasy refuses it here).
 */
@Provider
public class UnknownRouteMapper implements ExceptionMapper<ClientErrorException> {

    @Inject
    RequestId requestId;

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Override
    public Response toResponse(ClientErrorException e) {
        if (e instanceof NotFoundException || e instanceof NotAllowedException) {
            return ExchangeErrors.of(404, "No route for " + request.getMethod() + " /" + uri.getPath().replaceFirst("^/", ""),
                    requestId.value());
        }
        int status = e.getResponse().getStatus();
        if (status == 413 || e.getCause() instanceof BodySizeLimit.TooLargeException) {
            return BodySizeLimit.tooLarge(requestId.value());
        }
        return ExchangeErrors.of(status, e.getMessage(), requestId.value());
    }
}
