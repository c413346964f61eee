package dev.tokenbroker.exchange.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import dev.tokenbroker.exchange.control.ExchangeSettings;

/** Picks the request id before anything else runs and echoes it on every response, errors included. */
@Provider
@PreMatching
public class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    RequestId requestId;

    @Inject
    ExchangeSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        requestId.set(RequestId.choose(request.getHeaderString(settings.requestIdHeader())));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(settings.requestIdHeader(), requestId.value());
    }
}
