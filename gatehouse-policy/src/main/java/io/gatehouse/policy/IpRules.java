package io.gatehouse.policy;

import io.gatehouse.core.net.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * Which addresses may call: an address in {@code deny} never may (deny wins); with {@code allow}
 * empty every other address may, otherwise only those in it.
 */
public record IpRules(List<Cidr> allow, List<Cidr> deny) {
  public static final IpRules ANY = new IpRules(List.of(), List.of());

  public IpRules {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /** Rules from the configuration's spellings; a bad entry names itself and the expected form. */
  public static IpRules parse(List<String> allow, List<String> deny) {
    return new IpRules(
        allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList());
  }

  public boolean isEmpty() {
    return allow.isEmpty() && deny.isEmpty();
  }

  public boolean permits(InetAddress address) {
    for (Cidr c : deny) {
      if (c.contains(address)) {
        return false;
      }
    }
    if (allow.isEmpty()) {
      return true;
    }
    for (Cidr c : allow) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
