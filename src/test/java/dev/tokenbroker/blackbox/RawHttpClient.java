package dev.tokenbroker.blackbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.0 request written byte for byte: any method, any request target (invalid escapes included), any header,
 * which the JDK's HttpClient refuses to send. A {@code Content-Length} given in the headers is sent instead of the
 * body's real length. The answer is read until the server closes the connection.
 */
public final class RawHttpClient {

    /** Status, raw header block and body of one answer; status 0 if the server closed without a status line. */
    public record Answer(int status, String head, String body) {
        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private static final java.util.regex.Pattern CONTENT_LENGTH =
            java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private RawHttpClient() {
    }

    /**
     * The answer, up to the server's close or, when it says its length, up to that length, or after its head until 3 s
     * of silence: a server that still drains a body it refused (Payara waits out a declared length it will never get)
     * or keeps a connection open must not make the test wait too.
     */
    private static String read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                String sofar = all.toString(StandardCharsets.ISO_8859_1);
                int headEnd = sofar.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    socket.setSoTimeout(3_000); // an answer without a length ends when the server falls silent
                    java.util.regex.Matcher length = CONTENT_LENGTH.matcher(sofar.substring(0, headEnd));
                    if (length.find() && all.size() >= headEnd + 4 + Long.parseLong(length.group(1))) {
                        break;
                    }
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            if (all.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") < 0) {
                throw e; // not even a status line
            }
        } catch (IOException e) {
            // a reset after the answer was sent
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    public static Answer send(URI base, String method, String target, Map<String, String> headers, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method).append(' ').append(base.getPath().endsWith("/")
                ? base.getPath() : base.getPath() + "/").append(target).append(" HTTP/1.0\r\n");
        request.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body != null && headers.keySet().stream().noneMatch("Content-Length"::equalsIgnoreCase)) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(content);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before reading a large body; read what it said
            }
            String response = read(socket);
            int headEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/") || response.length() < 12) {
                return new Answer(0, response, "");
            }
            int status = Integer.parseInt(response.substring(9, 12));
            return new Answer(status, headEnd < 0 ? response : response.substring(0, headEnd),
                    headEnd < 0 ? "" : response.substring(headEnd + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + ": " + e.getMessage(), e);
        }
    }
}
