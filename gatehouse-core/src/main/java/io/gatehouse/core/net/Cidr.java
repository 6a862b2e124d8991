package io.gatehouse.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses, {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is
 * a block of one. An IPv4 address written as IPv6 ({@code ::ffff:10.1.2.3}) is the IPv4 address, so
 * a dual-stack listener matches IPv4 rules. Parsing never resolves a name.
 */
public final class Cidr {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @throws IllegalArgumentException naming what is wrong and what is expected
   */
  public static Cidr parse(String value) {
    String v = value == null ? "" : value.trim();
    int slash = v.indexOf('/');
    String address = slash < 0 ? v : v.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not an IP address or block (expected: 10.0.0.0/8, 192.168.1.7, 2001:db8::/32)");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(v.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "'" + value + "': the prefix length must be 0 to " + bits + " for this address");
      }
    }
    byte[] network = bytes.clone();
    for (int i = 0; i < network.length; i++) {
      network[i] &= mask(prefix, i);
    }
    return new Cidr(network, prefix, v);
  }

  /**
   * The address of an IP literal, or null when {@code text} is none (no name is ever looked up).
   */
  public static InetAddress address(String text) {
    byte[] bytes = literal(text);
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} lies in this block. */
  public boolean contains(InetAddress address) {
    byte[] a = normalized(address);
    if (a.length != network.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & mask(prefix, i)) != network[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte mask(int prefix, int byteIndex) {
    int bits = Math.clamp(prefix - byteIndex * 8L, 0, 8);
    return (byte) (0xff << (8 - bits));
  }

  private static byte[] literal(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String t =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    try {
      if (IPV4.matcher(t).matches()) {
        return InetAddress.getByName(t).getAddress();
      }
      // ASCII hex digits, colons and dots only, starting with a hex digit or a colon: the JDK then
      // parses an IPv6 literal or refuses it, and never looks the text up as a name.
      if (t.indexOf(':') >= 0
          && (isHexDigit(t.charAt(0)) || t.charAt(0) == ':')
          && t.chars().allMatch(c -> isHexDigit(c) || c == ':' || c == '.')) {
        return normalized(InetAddress.getByName(t));
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }

  private static boolean isHexDigit(int c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static byte[] normalized(InetAddress address) {
    byte[] a = address.getAddress();
    if (address instanceof Inet6Address && isMappedIpv4(a)) {
      byte[] v4 = new byte[4];
      System.arraycopy(a, 12, v4, 0, 4);
      return v4;
    }
    return a;
  }

  private static boolean isMappedIpv4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }

  /** Whether this is an IPv4 block. */
  public boolean isIpv4() {
    return network.length == 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
