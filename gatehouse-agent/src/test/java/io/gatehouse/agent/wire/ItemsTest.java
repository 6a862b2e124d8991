package io.gatehouse.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shapes of what {@link Items} builds, as the OpenAI SDKs require them (the interop module's
 * OpenAiJavaSdkResponsesTest reads them with the real SDKs).
 */
class ItemsTest {

  @Test
  void usage_carries_every_detail_count_the_sdks_require_even_when_zero() {
    JsonNode u = Items.usage(20, 4, 24);

    assertThat(u.path("input_tokens").asLong()).isEqualTo(20);
    assertThat(u.path("output_tokens").asLong()).isEqualTo(4);
    assertThat(u.path("total_tokens").asLong()).isEqualTo(24);
    // openai-java 4.105 refuses a response without cache_write_tokens ("is not set")
    assertThat(u.at("/input_tokens_details/cache_write_tokens").isIntegralNumber()).isTrue();
    assertThat(u.at("/input_tokens_details/cached_tokens").isIntegralNumber()).isTrue();
    assertThat(u.at("/output_tokens_details/reasoning_tokens").isIntegralNumber()).isTrue();
  }
}
