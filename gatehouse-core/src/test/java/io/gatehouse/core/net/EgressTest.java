package io.gatehouse.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.GatehouseException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressTest {
  /** Names the tests make up; nothing is looked up anywhere else. */
  private static final Map<String, List<String>> NAMES =
      Map.of(
          "metadata.example", List.of("169.254.169.254"),
          "mixed.example", List.of("192.0.2.10", "169.254.169.254"),
          "internal.example", List.of("10.1.2.3"),
          "public.example", List.of("192.0.2.10"),
          "v6-metadata.example", List.of("fd00:ec2::254"));

  private static final Egress.Resolver SEAM =
      host -> {
        List<String> found = NAMES.get(host);
        if (found == null) {
          throw new UnknownHostException(host);
        }
        return found.stream().map(Cidr::address).toList();
      };

  private static Egress rules(List<String> allow, List<String> deny, boolean lo, boolean priv) {
    return new Egress(
        allow.stream().map(Cidr::parse).toList(),
        deny.stream().map(Cidr::parse).toList(),
        lo,
        priv,
        SEAM);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "169.254.0.1",
        "fe80::1",
        "fd00:ec2::254",
        "100.100.100.200",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::169.254.169.254",
        "2002:a9fe:a9fe::1",
        "::169.254.169.254"
      })
  void link_local_metadata_and_unspecified_addresses_are_refused_by_default(String address) {
    Egress e = Egress.defaults().withResolver(SEAM);
    assertThat(e.refusal(Cidr.address(address))).contains("link-local");
    String host = address.contains(":") ? "[" + address + "]" : address;
    assertThatThrownBy(() -> e.checkLiteral("url", URI.create("http://" + host + "/mcp")))
        .isInstanceOf(GatehouseException.class)
        .satisfies(t -> assertThat(((GatehouseException) t).error()).isEqualTo(Egress.FORBIDDEN));
  }

  @Test
  void loopback_and_private_ranges_are_allowed_by_default_and_can_be_switched_off() {
    Egress open = Egress.defaults();
    assertThat(open.refusal(Cidr.address("127.0.0.1"))).isNull();
    assertThat(open.refusal(Cidr.address("::1"))).isNull();
    assertThat(open.refusal(Cidr.address("10.1.2.3"))).isNull();
    assertThat(open.refusal(Cidr.address("192.0.2.10"))).isNull();
    Egress closed = rules(List.of(), List.of(), false, false);
    assertThat(closed.refusal(Cidr.address("127.0.0.1"))).contains("egress.loopback: false");
    assertThat(closed.refusal(Cidr.address("::1"))).contains("egress.loopback: false");
    assertThat(closed.refusal(Cidr.address("172.20.0.1"))).contains("egress.private: false");
    assertThat(closed.refusal(Cidr.address("fd12::1"))).contains("egress.private: false");
    assertThat(closed.refusal(Cidr.address("192.0.2.10"))).isNull();
  }

  @Test
  void deny_wins_over_allow_and_a_non_empty_allow_list_is_the_only_way_out() {
    Egress e = rules(List.of("10.0.0.0/8", "169.254.10.0/24"), List.of("10.66.0.0/16"), true, true);
    assertThat(e.refusal(Cidr.address("10.1.2.3"))).isNull();
    assertThat(e.refusal(Cidr.address("10.66.0.1"))).contains("egress.deny lists 10.66.0.0/16");
    assertThat(e.refusal(Cidr.address("192.0.2.10"))).contains("egress.allow does not list it");
    // an explicit allow reaches a link-local block on purpose; the rest of the range stays refused
    assertThat(e.refusal(Cidr.address("169.254.10.5"))).isNull();
    assertThat(e.refusal(Cidr.address("169.254.169.254"))).contains("link-local");
  }

  @Test
  void a_name_is_checked_once_resolved_and_refused_if_any_answer_is_refused() throws Exception {
    Egress e = Egress.defaults().withResolver(SEAM);
    assertThat(e.resolve("public.example")).containsExactly(Cidr.address("192.0.2.10"));
    assertThatThrownBy(() -> e.resolve("metadata.example"))
        .isInstanceOf(GatehouseException.class)
        .hasMessageContaining("metadata.example (169.254.169.254) may not be reached");
    assertThatThrownBy(() -> e.resolve("mixed.example"))
        .hasMessageContaining("mixed.example (169.254.169.254)");
    assertThatThrownBy(() -> e.resolve("v6-metadata.example")).hasMessageContaining("link-local");
    assertThatThrownBy(() -> e.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class);
    // a literal never reaches the resolver
    assertThat(e.resolve("10.1.2.3")).containsExactly(InetAddress.getByName("10.1.2.3"));
    // names are not judged when set: only literals are
    e.checkLiteral("url", URI.create("http://metadata.example/mcp"));
  }
}
