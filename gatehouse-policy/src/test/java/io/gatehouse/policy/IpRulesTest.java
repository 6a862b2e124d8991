package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpRulesTest {
  @Test
  void deny_wins_and_an_empty_allow_list_allows_the_rest() {
    IpRules rules = IpRules.parse(List.of(), List.of("10.66.0.0/16"));
    assertThat(rules.permits(ip("10.1.1.1"))).isTrue();
    assertThat(rules.permits(ip("10.66.1.1"))).isFalse();
    IpRules both = IpRules.parse(List.of("10.0.0.0/8"), List.of("10.66.0.0/16"));
    assertThat(both.permits(ip("10.1.1.1"))).isTrue();
    assertThat(both.permits(ip("10.66.1.1"))).isFalse();
    assertThat(both.permits(ip("192.0.2.1"))).isFalse();
  }

  private static InetAddress ip(String text) {
    return Cidr.address(text);
  }
}
