package io.gatehouse.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's own check of an upstream's input requests against the capabilities the session's
 * client declared: what it lacks is refused before anything is asked.
 */
class ReverseCapabilitiesTest {

  @Test
  void form_elicitation_needs_an_empty_or_form_elicitation_capability() {
    String ask = "{\"method\":\"elicitation/create\",\"params\":{\"message\":\"name?\"}}";
    assertThat(missing(ask, "{\"elicitation\":{}}")).isNull();
    assertThat(missing(ask, "{\"elicitation\":{\"form\":{}}}")).isNull();
    assertThat(missing(ask, "{\"elicitation\":{\"url\":{}}}")).isEqualTo("elicitation.form");
    assertThat(missing(ask, "{\"sampling\":{}}")).isEqualTo("elicitation");
  }

  @Test
  void url_elicitation_needs_the_url_capability() {
    String ask = "{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"url\",\"url\":\"x\"}}";
    assertThat(missing(ask, "{\"elicitation\":{\"url\":{}}}")).isNull();
    assertThat(missing(ask, "{\"elicitation\":{}}")).isEqualTo("elicitation.url");
  }

  @Test
  void sampling_and_roots_need_their_capabilities() {
    String sample = "{\"method\":\"sampling/createMessage\",\"params\":{}}";
    String roots = "{\"method\":\"roots/list\"}";
    assertThat(missing(sample, "{\"sampling\":{}}")).isNull();
    assertThat(missing(sample, "{\"roots\":{}}")).isEqualTo("sampling");
    assertThat(missing(roots, "{\"roots\":{}}")).isNull();
    assertThat(missing(roots, "{}")).isEqualTo("roots");
  }

  private static String missing(String request, String caps) {
    ObjectNode declared = ReverseJson.object(caps.getBytes());
    return ReverseCapabilities.missing(ReverseJson.object(request.getBytes()), declared);
  }
}
