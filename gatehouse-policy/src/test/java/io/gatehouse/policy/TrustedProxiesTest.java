package io.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  static final InetAddress PROXY = Cidr.address("10.0.0.5");
  static final InetAddress STRANGER = Cidr.address("192.0.2.50");
  static final List<Cidr> BLOCKS =
      List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("2001:db8:1::/48"));
  final TrustedProxies proxies = new TrustedProxies(BLOCKS, TrustedProxies.Header.X_FORWARDED_FOR);
  final TrustedProxies forwarding = new TrustedProxies(BLOCKS, TrustedProxies.Header.FORWARDED);

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
  void a_hop_that_is_no_address_makes_the_caller_unknown() {
    assertThat(proxies.caller(PROXY, null, "198.51.100.1, garbage")).isNull();
    assertThat(proxies.caller(PROXY, null, "evil.example.com, 198.51.100.1"))
        .isEqualTo(Cidr.address("198.51.100.1"));
    assertThat(proxies.caller(PROXY, null, "")).isEqualTo(PROXY);
  }

  @Test
  void x_forwarded_for_hops_with_ports_are_understood() {
    assertThat(proxies.caller(PROXY, null, "198.51.100.1:4711"))
        .isEqualTo(Cidr.address("198.51.100.1"));
    assertThat(proxies.caller(PROXY, null, "[2001:db8::9]:443"))
        .isEqualTo(Cidr.address("2001:db8::9"));
    assertThat(proxies.caller(PROXY, null, "2001:db8::9")).isEqualTo(Cidr.address("2001:db8::9"));
  }

  @Test
  void only_the_configured_header_is_read_so_a_callers_own_forwarded_header_is_ignored() {
    assertThat(proxies.caller(PROXY, "for=10.9.9.9", "198.51.100.1"))
        .isEqualTo(Cidr.address("198.51.100.1"));
    assertThat(proxies.caller(PROXY, "for=10.9.9.9", null)).isEqualTo(PROXY);
    assertThat(forwarding.caller(PROXY, null, "198.51.100.1")).isEqualTo(PROXY);
  }

  @Test
  void forwarded_elements_quotes_and_ports_are_understood_when_it_is_the_configured_header() {
    assertThat(
            forwarding.caller(
                PROXY, "for=198.51.100.1;proto=https, For=\"[2001:db8::9]:4711\"", "203.0.113.1"))
        .isEqualTo(Cidr.address("2001:db8::9"));
    assertThat(forwarding.caller(PROXY, "for=198.51.100.2:8080", null))
        .isEqualTo(Cidr.address("198.51.100.2"));
    assertThat(forwarding.caller(PROXY, "for=_hidden", null)).isNull();
  }
}
