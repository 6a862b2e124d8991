package io.gatehouse.gateway.mrtr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyScanTest {
  static boolean mayHold(String body, String text) {
    return BodyScan.mayHold(body.getBytes(StandardCharsets.UTF_8), text);
  }

  @Test
  void finds_the_text_as_written_anywhere_up_to_the_last_byte() {
    assertThat(mayHold("{\"k\":\"ghr1.x\"}", "ghr1.")).isTrue();
    assertThat(mayHold("ghr1.", "ghr1.")).isTrue();
    assertThat(mayHold("{\"k\":\"ghr1", "ghr1.")).isFalse();
  }

  @Test
  void an_escape_anywhere_may_spell_the_text_otherwise() {
    assertThat(mayHold("{\"k\":\"\\u0067hr1.x\"}", "ghr1.")).isTrue();
    assertThat(mayHold("{\"gatehouse\\u002eapproval\":{}}", "\"gatehouse.")).isTrue();
    assertThat(mayHold("{\"text\":\"a\\nb\"}", "ghr1.")).isTrue();
  }

  @Test
  void a_body_without_the_text_or_an_escape_cannot_hold_it() {
    assertThat(mayHold("{\"inputResponses\":{\"gatehouse-approval\":{}}}", "\"gatehouse."))
        .isFalse();
    assertThat(mayHold("", "ghr1.")).isFalse();
  }
}
