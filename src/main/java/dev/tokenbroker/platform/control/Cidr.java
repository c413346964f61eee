package dev.tokenbroker.platform.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address (a bare IP is /32 or /128).
 * Only literals are accepted: nothing here ever resolves a host name.
 */
public record Cidr(byte[] network, int prefix, String text) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    public static Cidr parse(String text) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("control character in CIDR"); // trim() would drop a NUL at either end
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid CIDR prefix length");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("invalid CIDR prefix length");
            }
        }
        return new Cidr(mask(bytes, prefix), prefix, s);
    }

    /** The bytes of an IP literal. @throws IllegalArgumentException for anything that is not one */
    public static byte[] literal(String address) {
        if (!(IPV4.matcher(address).matches() || (address.contains(":") && IPV6.matcher(address).matches()))) {
            throw new IllegalArgumentException("not an IP address");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address");
        }
    }

    /**
     * Whether a client may use something bound to these CIDR blocks (Vault's {@code token_bound_cidrs}): yes when the
     * list is empty (not bound), else only from an address inside one of them. Blank entries are ignored.
     */
    public static boolean admits(java.util.Collection<String> bound, String address) {
        List<String> blocks = bound.stream().map(String::trim).filter(b -> !b.isEmpty()).toList();
        return blocks.isEmpty() || blocks.stream().anyMatch(b -> parse(b).contains(address));
    }

    public boolean contains(String address) {
        byte[] candidate;
        try {
            candidate = literal(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefix), network);
    }

    /** As Vault renders it: the address alone for a single host, else {@code network/prefix}. */
    public String render() {
        try {
            String host = InetAddress.getByAddress(network).getHostAddress();
            return prefix == network.length * 8 ? host : host + "/" + prefix;
        } catch (UnknownHostException e) {
            return text;
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return render();
    }
}
