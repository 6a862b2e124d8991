package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  static final InetAddress PROXY = Cidr.address("10.0.0.5");
  static final InetAddress STRANGER = Cidr.address("192.0.2.50");
  final TrustedProxies proxies =
      new TrustedProxies(List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("2001:db8:1::/48")));

  @Test
  void headers_from_a_peer_that_is_no_trusted_proxy_are_ignored() {
    assertThat(proxies.caller(STRANGER, null, "198.51.100.1")).isEqualTo(STRANGER);
    assertThat(TrustedProxies.NONE.caller(PROXY, "for=198.51.100.1", null)).isEqualTo(PROXY);
  }

  @Test
  void x_forwarded_for_is_read_from_the_right_skipping_trusted_hops() {
    assertThat(proxies.caller(PROXY, null, "198.51.100.1")).isEqualTo(Cidr.address("198.51.100.1"));
    assertThat(proxies.caller(PROXY, null, "1.1.1.1, 198.51.100.1, 10.0.0.7"))
        .isEqualTo(Cidr.address("198.51.100.1"));
    assertThat(proxies.caller(PROXY, null, "10.0.0.9, 10.0.0.7"))
        .isEqualTo(Cidr.address("10.0.0.9"));
  }

  @Test
  void a_hop_that_is_no_address_stops_the_walk_at_the_last_address_known() {
    assertThat(proxies.caller(PROXY, null, "198.51.100.1, garbage")).isEqualTo(PROXY);
    assertThat(proxies.caller(PROXY, null, "evil.example.com, 198.51.100.1"))
        .isEqualTo(Cidr.address("198.51.100.1"));
    assertThat(proxies.caller(PROXY, null, "")).isEqualTo(PROXY);
  }

  @Test
  void forwarded_wins_over_x_forwarded_for_and_its_quotes_and_ports_are_understood() {
    assertThat(
            proxies.caller(
                PROXY, "for=198.51.100.1;proto=https, For=\"[2001:db8::9]:4711\"", "203.0.113.1"))
        .isEqualTo(Cidr.address("2001:db8::9"));
    assertThat(proxies.caller(PROXY, "for=198.51.100.2:8080", null))
        .isEqualTo(Cidr.address("198.51.100.2"));
    assertThat(proxies.caller(PROXY, "for=_hidden", null)).isEqualTo(PROXY);
  }
}
