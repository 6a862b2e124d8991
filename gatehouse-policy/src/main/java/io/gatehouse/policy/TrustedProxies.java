package io.gatehouse.policy;

import io.gatehouse.core.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The proxies trusted to say who the caller is, and the one header they write it in. A request
 * whose connection comes from one of them is attributed to the address that header names, read from
 * the right: each hop a trusted proxy added is skipped, and the first address no trusted proxy owns
 * is the caller. Only the configured header is read (a proxy that appends to {@code
 * X-Forwarded-For} passes a caller's own {@code Forwarded} through untouched); from any other peer
 * it is ignored, so a caller cannot choose its own address. A hop that is no address makes the
 * caller unknown. With no trusted proxies the caller is always the connection's peer.
 */
public record TrustedProxies(List<Cidr> blocks, Header header) {
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), Header.X_FORWARDED_FOR);

  /** The header the trusted proxies write the caller's address in. */
  public enum Header {
    /** {@code X-Forwarded-For: client, proxy1} (the default). */
    X_FORWARDED_FOR("x-forwarded-for"),
    /** {@code Forwarded: for=client, for=proxy1} (RFC 7239). */
    FORWARDED("forwarded");

    private final String configName;

    Header(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    /** Parses {@code x-forwarded-for} or {@code forwarded}. */
    public static Header fromConfig(String value) {
      for (Header h : values()) {
        if (h.configName.equalsIgnoreCase(value.trim())) {
          return h;
        }
      }
      throw new IllegalArgumentException(
          "'" + value + "' (expected: x-forwarded-for or forwarded)");
    }
  }

  public TrustedProxies {
    blocks = List.copyOf(blocks);
    header = header == null ? Header.X_FORWARDED_FOR : header;
  }

  /** Whether {@code address} is a trusted proxy. */
  public boolean trusts(InetAddress address) {
    for (Cidr c : blocks) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The caller's address: {@code peer}, or, when {@code peer} is trusted, the address the
   * configured header names; null when a hop in it is no address (the caller is then unknown).
   */
  public InetAddress caller(InetAddress peer, String forwarded, String xForwardedFor) {
    if (blocks.isEmpty() || !trusts(peer)) {
      return peer;
    }
    List<String> hops = header == Header.FORWARDED ? forwardedFor(forwarded) : split(xForwardedFor);
    InetAddress caller = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = Cidr.address(withoutPort(hops.get(i)));
      if (hop == null) {
        return null;
      }
      caller = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return caller;
  }

  private static List<String> split(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    return List.of(header.split(",")).stream().map(String::trim).toList();
  }

  /** The {@code for=} values of a {@code Forwarded} header, in order, without quotes or ports. */
  private static List<String> forwardedFor(String header) {
    return split(header).stream()
        .flatMap(element -> List.of(element.split(";")).stream())
        .map(String::trim)
        .filter(pair -> pair.toLowerCase(Locale.ROOT).startsWith("for="))
        .map(pair -> unquote(pair.substring(4).trim()))
        .toList();
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  /** {@code [2001:db8::1]:443} → {@code [2001:db8::1]}; {@code 10.1.2.3:80} → {@code 10.1.2.3}. */
  private static String withoutPort(String v) {
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      return close < 0 ? v : v.substring(0, close + 1);
    }
    int colon = v.indexOf(':');
    return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }
}
