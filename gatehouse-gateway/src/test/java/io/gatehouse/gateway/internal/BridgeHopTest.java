package io.gatehouse.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The caller's address a forwarded retry names: a literal the holding replica's rules can read. */
class BridgeHopTest {

  @Test
  void an_ipv6_zone_is_left_out_and_other_addresses_are_written_as_they_are() throws Exception {
    InetAddress linkLocal =
        Inet6Address.getByAddress(
            null, InetAddress.getByName("fe80::1").getAddress(), 3); // zone id 3
    assertThat(linkLocal.getHostAddress()).contains("%");

    assertThat(BridgeHop.unscoped(linkLocal)).isEqualTo("fe80:0:0:0:0:0:0:1");
    assertThat(BridgeHop.unscoped(InetAddress.getByName("127.0.0.5"))).isEqualTo("127.0.0.5");
    assertThat(BridgeHop.unscoped(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
  }
}
