package dev.tokenbroker.exchange.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import dev.tokenbroker.exchange.control.ExchangeSettings;
import dev.tokenbroker.platform.control.CurrentRequest;

/**
 * Picks the request id before anything else runs, names it as this thread's {@link CurrentRequest} (for log lines
 * and audit events) and echoes it on every response, errors included.
 */
@Provider
@PreMatching
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    RequestId requestId;

    @Inject
    ExchangeSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        String id = RequestId.choose(request.getHeaderString(settings.requestIdHeader()));
        requestId.set(id);
        CurrentRequest.enter(id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(settings.requestIdHeader(), requestId.value());
        CurrentRequest.leave();
    }
}
