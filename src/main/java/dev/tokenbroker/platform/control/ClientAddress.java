package dev.tokenbroker.platform.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import dev.tokenbroker.platform.entity.ForwardedRequest;

/**
 * The client's address behind reverse proxies (vault-api.md §4.8): the TCP peer, unless the peer is one of
 * {@code broker.http.trusted-proxies}; then the rightmost {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy. An untrusted peer's {@code X-Forwarded-For} is ignored, so nobody can forge an address. The same rule holds
 * for {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}: believed only from a trusted proxy, which must set them
 * (nginx {@code proxy_set_header}), not append to what the client sent; the first value counts.
 */
@ApplicationScoped
public class ClientAddress {

    public static final String TRUSTED_PROXIES = "broker.http.trusted-proxies";

    @Inject
    Settings settings;

    @Inject
    ConfigurationProblems problems;

    private List<Cidr> trusted = List.of();

    @PostConstruct
    void read() {
        List<Cidr> list = new ArrayList<>();
        for (String entry : settings.text(TRUSTED_PROXIES, "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                list.add(Cidr.parse(entry));
            } catch (IllegalArgumentException e) {
                problems.report(TRUSTED_PROXIES, TRUSTED_PROXIES + ": '" + entry.trim() + "' is not an IP address or CIDR; ignored");
            }
        }
        trusted = Collections.unmodifiableList(list);
    }

    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](?::[0-9]{1,5})?");

    /**
     * The client and origin of this request.
     *
     * @throws IllegalArgumentException when a trusted proxy forwarded an address that is not an IP literal
     */
    public ForwardedRequest of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String client = of(peer, values(request, "X-Forwarded-For"));
        String connectionHost = request.getServerName() + (request.getServerPort() > 0 ? ":" + request.getServerPort() : "");
        return new ForwardedRequest(client, origin(isTrustedProxy(peer), request.getScheme(), connectionHost,
                request.getHeader("Host"), request.getHeader("X-Forwarded-Proto"), request.getHeader("X-Forwarded-Host")));
    }

    /** {@code scheme://host} as the client called it; forwarded values count only from a trusted proxy and when valid. */
    static String origin(boolean trustedPeer, String scheme, String connectionHost, String hostHeader,
                         String forwardedProto, String forwardedHost) {
        String host = hostHeader != null && HOST.matcher(hostHeader).matches() ? hostHeader : connectionHost;
        if (trustedPeer) {
            String proto = first(forwardedProto);
            if ("http".equalsIgnoreCase(proto) || "https".equalsIgnoreCase(proto)) {
                scheme = proto.toLowerCase(java.util.Locale.ROOT);
            }
            String fromProxy = first(forwardedHost);
            if (fromProxy != null && HOST.matcher(fromProxy).matches()) {
                host = fromProxy;
            }
        }
        return scheme + "://" + host;
    }

    private static List<String> values(HttpServletRequest request, String header) {
        List<String> values = new ArrayList<>();
        var headers = request.getHeaders(header);
        while (headers != null && headers.hasMoreElements()) {
            values.add(headers.nextElement());
        }
        return values;
    }

    private static String first(String header) {
        return header == null ? null : header.split(",", -1)[0].trim();
    }

    /**
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order
     * @throws IllegalArgumentException when a trusted proxy forwarded an entry that is not an IP literal
     */
    public String of(String peer, List<String> forwardedFor) {
        return resolve(peer, forwardedFor, trusted);
    }

    static String resolve(String peer, List<String> forwardedFor, List<Cidr> trusted) {
        if (!isTrusted(peer, trusted) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String entry : header.split(",")) {
                String e = entry.trim();
                if (!e.isEmpty()) {
                    Cidr.literal(e);
                    entries.add(e);
                }
            }
        }
        if (entries.isEmpty()) {
            return peer;
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (!isTrusted(entries.get(i), trusted)) {
                return entries.get(i);
            }
        }
        return entries.get(0);
    }

    public boolean isTrustedProxy(String address) {
        return isTrusted(address, trusted);
    }

    private static boolean isTrusted(String address, List<Cidr> trusted) {
        return trusted.stream().anyMatch(c -> c.contains(address));
    }

    public Optional<List<Cidr>> trustedProxies() {
        return Optional.of(trusted);
    }
}
