package io.gatehouse.testkit;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper the fixture gives the MCP Java SDK: Jackson's defaults plus one mix-in.
 *
 * <p>SDK 2.1.0 declares {@code ElicitRequest} with {@code @JsonTypeInfo(include = PROPERTY,
 * property = "mode")} while its records also have a {@code mode} property. Jackson 3.1 (the SDK's
 * own) accepts that; Jackson 3.2 (ours) refuses to serialize it ("Conflict between type id property
 * 'mode' and bean property with same name"), so every elicitation/create would fail to be sent.
 * Declaring the type id an existing property writes the same JSON, {@code "mode":"form"}, once.
 * Clients built on the SDK need it as well, since they read {@code elicitation/create} with the
 * same annotations.
 */
public final class FixtureJson {

  /** Jackson's defaults plus the {@code ElicitRequest} mix-in; safe to share. */
  public static final McpJsonMapper MAPPER =
      new JacksonMcpJsonMapper(
          JsonMapper.builder()
              .addMixIn(ElicitRequest.class, ElicitRequestModeIsExistingProperty.class)
              .build());

  private FixtureJson() {}

  @JsonTypeInfo(
      use = JsonTypeInfo.Id.NAME,
      include = JsonTypeInfo.As.EXISTING_PROPERTY,
      property = "mode",
      defaultImpl = ElicitFormRequest.class)
  private interface ElicitRequestModeIsExistingProperty {}
}
