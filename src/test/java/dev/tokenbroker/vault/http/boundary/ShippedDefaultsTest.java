package dev.tokenbroker.vault.http.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;

/**
 * The Vault servlet's request size limit as shipped, with nothing configured: README's
 * {@code broker.vault.max-request-bytes} = 1048576. A request with an unknown verb is answered 405 right after the size
 * check, so the status tells which side of the limit a declared length is on, without any route or database.
 */
class ShippedDefaultsTest {

    private final ConfigurationProblems problems = new ConfigurationProblems();

    @Test
    void maxRequestBytesIs1048576() throws IOException {
        assertThat(statusFor(1_048_576)).as("exactly 1 MiB passes the size check").isEqualTo(405);
        assertThat(statusFor(1_048_577)).as("one byte more").isEqualTo(413);
        assertThat(problems.all()).isEmpty();
    }

    private int statusFor(long contentLength) throws IOException {
        VaultServlet servlet = new VaultServlet();
        servlet.settings = new Settings(new MapConfig(Map.of()), problems);
        servlet.metrics = new dev.tokenbroker.platform.control.Metrics();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "FROBNICATE";
                    case "getRequestURI" -> "/v1/sys/policies/acl/big";
                    case "getContextPath" -> "";
                    case "getContentLengthLong" -> contentLength;
                    case "getAttribute", "getQueryString", "getHeader" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        AtomicInteger status = new AtomicInteger();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status.set((Integer) args[0]);
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    case "getStatus" -> status.get();
                    case "setHeader", "setContentType", "setContentLength" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        servlet.service(request, response);
        return status.get();
    }
}
