package dev.tokenbroker.exchange.boundary;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.tokenbroker.platform.control.Metrics;

/**
 * Refuses bodies over 102400 bytes with 413 before anything reads them: by {@code Content-Length} when given, else
 * while the body is read. It runs before the resource, so an oversize request gets 413 even without credentials.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 102_400;
    static final String MESSAGE = "Request body exceeds " + MAX_BYTES + " bytes";

    @Inject
    RequestId requestId;

    @Inject
    Metrics metrics;

    /** Thrown while reading a body without a (truthful) length that turns out too long. */
    public static class TooLargeException extends IOException {
        TooLargeException() {
            super(MESSAGE);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (declaredLength(length) > MAX_BYTES) {
                    metrics.exchangeRejected("body too large");
                    request.abortWith(tooLarge(requestId.value()));
                    return;
                }
            } catch (NumberFormatException e) {
                metrics.exchangeRejected("invalid request");
                request.abortWith(ExchangeErrors.of(400, "Invalid Content-Length header", requestId.value()));
                return;
            }
        }
        request.setEntityStream(new Limited(request.getEntityStream()));
    }

    /**
     * The declared length. Identical repeated values count once (RFC 9110 §8.6): Open Liberty hands JAX-RS
     * {@code "36,36"} for a request that sent one {@code Content-Length: 36}.
     *
     * @throws NumberFormatException when the values are not one non-negative number
     */
    static long declaredLength(String header) {
        String[] values = header.split(",", -1);
        String first = values[0].trim();
        for (String value : values) {
            if (!value.trim().equals(first) || !first.matches("[0-9]{1,18}")) {
                throw new NumberFormatException(header);
            }
        }
        return Long.parseLong(first);
    }

    static Response tooLarge(String requestId) {
        return ExchangeErrors.of(413, MESSAGE, requestId);
    }

    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > MAX_BYTES) {
                throw new TooLargeException();
            }
        }
    }
}
