package io.gatehouse.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  static InetAddress ip(String literal) {
    return Cidr.address(literal);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7, 192.168.1.8, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "::/0, ::1, true",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, 2001:db8::1, false",
    "2001:db8::/32, 10.1.2.3, false",
    "[2001:db8::1], 2001:db8::1, true",
  })
  void contains(String block, String address, boolean inside) {
    assertThat(Cidr.parse(block).contains(ip(address))).isEqualTo(inside);
  }

  @Test
  void host_bits_are_ignored_so_equal_blocks_compare_equal() {
    assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("10.1.2.3/8").contains(ip("10.200.0.1"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "abc",
        "10.0.0",
        "10.0.0.256",
        "",
        "fe80::1%eth0",
        ".:",
        ".1:",
        "\u0661::1",
        "\uff11::1"
      })
  void what_is_no_literal_address_is_refused_without_looking_anything_up(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected");
    assertThat(Cidr.address(text.replace("/x", ""))).isNull();
  }

  @Test
  void a_prefix_longer_than_the_address_is_refused() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessageContaining("0 to 128");
    assertThatThrownBy(() -> Cidr.parse("1.2.3.4/x")).hasMessageContaining("0 to 32");
  }
}
