package io.gatehouse.kit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kit's JSON: records in and out, empty {@code Optional}s and nulls left out (so structured
 * results match the generated output schemas, which have no nulls), unknown properties refused.
 */
public final class KitJson {
  public static final JsonMapper MAPPER =
      JsonMapper.builder()
          .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** The same mapper, as the MCP Java SDK takes it. */
  public static final McpJsonMapper MCP = new JacksonMcpJsonMapper(MAPPER);

  private KitJson() {}
}
