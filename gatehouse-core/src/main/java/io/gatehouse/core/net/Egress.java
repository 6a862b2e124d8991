package io.gatehouse.core.net;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses Gatehouse itself may connect to: the guard against server-side request forgery
 * for every URL it is handed (routes, deployments, connections, token and key endpoints). A literal
 * address is checked when the URL is set ({@link #checkLiteral}); a name is checked once resolved,
 * right before connecting ({@link #resolve}), so a name that points at a refused address is refused
 * without a packet sent to it.
 *
 * <p>In order: an address in {@code deny} is refused; one in {@code allow} is let through;
 * link-local and cloud metadata addresses (and unspecified, multicast and broadcast ones) are
 * refused; loopback and private ranges are refused when switched off; and once {@code allow} lists
 * anything, an address it does not list is refused.
 *
 * @param allow blocks let through, even where a built-in rule refuses; when not empty, the only
 *     ones
 * @param deny blocks always refused
 * @param loopback whether 127.0.0.0/8 and ::1 may be reached
 * @param privateRanges whether 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7 may be reached
 * @param resolver looks names up; a seam so tests never ask a real DNS
 */
public record Egress(
    List<Cidr> allow, List<Cidr> deny, boolean loopback, boolean privateRanges, Resolver resolver) {
  public static final ErrorKey FORBIDDEN =
      ErrorKey.of(
          "EGRESS_FORBIDDEN",
          403,
          -31036,
          "Gatehouse does not connect to this address: link-local and cloud metadata addresses are"
              + " refused, and egress.allow / egress.deny / egress.loopback / egress.private in the"
              + " configuration say which others are.");

  /** Looks up the addresses of a name. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** The system's resolver. */
  public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  private static final List<Cidr> ALWAYS_REFUSED =
      blocks(
          "169.254.0.0/16", // IPv4 link-local, where cloud metadata services answer
          "fe80::/10",
          "fd00:ec2::254/128", // AWS metadata over IPv6
          "100.100.100.200/32", // Alibaba Cloud metadata
          // 169.254.0.0/16 written as IPv6: NAT64, 6to4 and IPv4-compatible forms
          "64:ff9b::a9fe:0/112",
          "2002:a9fe::/32",
          "::a9fe:0/112",
          "0.0.0.0/8",
          "::/128",
          "224.0.0.0/4",
          "ff00::/8",
          "255.255.255.255/32");
  private static final List<Cidr> LOOPBACK = blocks("127.0.0.0/8", "::1/128");
  private static final List<Cidr> PRIVATE =
      blocks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

  public Egress {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    requireNonNull(resolver, "resolver");
  }

  /** Loopback and private ranges allowed, the built-in refusals only, the system resolver. */
  public static Egress defaults() {
    return new Egress(List.of(), List.of(), true, true, SYSTEM);
  }

  /** The same rules with another resolver. */
  public Egress withResolver(Resolver other) {
    return new Egress(allow, deny, loopback, privateRanges, other);
  }

  /** Why {@code address} may not be reached, or null when it may. */
  public String refusal(InetAddress address) {
    for (Cidr c : deny) {
      if (c.contains(address)) {
        return "egress.deny lists " + c;
      }
    }
    for (Cidr c : allow) {
      if (c.contains(address)) {
        return null;
      }
    }
    if (in(ALWAYS_REFUSED, address)) {
      return "it is a link-local, cloud metadata, unspecified or multicast address";
    }
    if (!loopback && in(LOOPBACK, address)) {
      return "loopback addresses are refused (egress.loopback: false)";
    }
    if (!privateRanges && in(PRIVATE, address)) {
      return "private addresses are refused (egress.private: false)";
    }
    if (!allow.isEmpty()) {
      return "egress.allow does not list it";
    }
    return null;
  }

  /**
   * Refuses {@code url} now when its host is an address literal that may not be reached; a name is
   * checked when it is resolved.
   *
   * @param what names the field, for the message
   * @throws GatehouseException with {@link #FORBIDDEN}
   */
  public void checkLiteral(String what, URI url) {
    String host = url == null ? null : url.getHost();
    InetAddress literal = host == null ? null : Cidr.address(host);
    if (literal != null) {
      String why = refusal(literal);
      if (why != null) {
        throw forbidden(what + ": " + host + " may not be reached: " + why);
      }
    }
  }

  /**
   * The addresses of {@code host}, every one of them allowed. A name with any refused address among
   * its answers is refused as a whole, so which answer a connection would pick does not matter.
   *
   * @throws UnknownHostException when the name has no address
   * @throws GatehouseException with {@link #FORBIDDEN}
   */
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    InetAddress literal = Cidr.address(host);
    List<InetAddress> found = literal != null ? List.of(literal) : resolver.resolve(host);
    if (found.isEmpty()) {
      throw new UnknownHostException(host);
    }
    for (InetAddress a : found) {
      String why = refusal(a);
      if (why != null) {
        throw forbidden(
            host
                + (literal != null ? "" : " (" + a.getHostAddress() + ")")
                + " may not be reached: "
                + why);
      }
    }
    return found;
  }

  private static GatehouseException forbidden(String message) {
    return new GatehouseException(FORBIDDEN, message);
  }

  private static boolean in(List<Cidr> blocks, InetAddress a) {
    for (Cidr c : blocks) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static List<Cidr> blocks(String... values) {
    return java.util.Arrays.stream(values).map(Cidr::parse).toList();
  }

  @Override
  public String toString() {
    return "Egress[allow="
        + allow
        + ", deny="
        + deny
        + ", loopback="
        + loopback
        + ", private="
        + privateRanges
        + "]";
  }
}
