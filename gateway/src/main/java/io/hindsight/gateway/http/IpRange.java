package io.hindsight.gateway.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 192.168.1.7}), parsed from its
 * literal only: a host name is refused rather than looked up, so neither parsing a setting nor reading a header
 * ever touches DNS.
 */
public final class IpRange {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException unless {@code text} is an IPv4 or IPv6 literal, optionally with /prefix */
    public static IpRange parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = literal(address);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'");
        }
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "': 0-" + bits);
            }
        }
        return new IpRange(a.getAddress(), prefix, t.toLowerCase(Locale.ROOT));
    }

    /** The address of an IPv4 or IPv6 literal (brackets allowed around IPv6), else null; never a DNS lookup. */
    public static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 45 || !(IPV4.matcher(t).matches() || IPV6.matcher(t).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: parsed, not resolved
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
