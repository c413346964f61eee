package dev.tokenbroker.platform.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client's address behind reverse proxies (vault-api.md §4.8): the TCP peer, unless the peer is one of
 * {@code broker.http.trusted-proxies}; then the rightmost {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy. An untrusted peer's {@code X-Forwarded-For} is ignored, so nobody can forge an address.
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
