package io.gatehouse.policy.validate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict readers (a member given twice is an error) that also stop at a nesting depth, one per
 * {@code max-depth} in use, made once: so a message's tree and its depth check are one pass.
 */
final class Parsers {
  private static final Map<Integer, ObjectMapper> BY_DEPTH = new ConcurrentHashMap<>();

  private Parsers() {}

  /**
   * A strict parser of {@code body} with the nesting limit of {@link #limitedTo}, straight from the
   * reader's factory: a streaming pass needs none of the mapper's per-read state.
   */
  static JsonParser streaming(int maxDepth, byte[] body) {
    return limitedTo(maxDepth)
        .tokenStreamFactory()
        .createParser(ObjectReadContext.empty(), body, 0, body.length);
  }

  /**
   * A reader that refuses ({@code StreamConstraintsException}) nesting deeper than {@code maxDepth}
   * levels inside {@code params} (the message object and {@code params} take the first two levels
   * of the document).
   */
  static ObjectMapper limitedTo(int maxDepth) {
    return BY_DEPTH.computeIfAbsent(
        maxDepth,
        d ->
            JsonMapper.builder(
                    JsonFactory.builder()
                        .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(d + 1).build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .build());
  }
}
