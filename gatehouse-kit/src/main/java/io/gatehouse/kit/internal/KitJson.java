package io.gatehouse.kit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The kit's JSON: records in and out, empty {@code Optional}s and nulls left out (so structured
 * results match the generated output schemas, which have no nulls), unknown properties refused.
 *
 * <p>The SDK's servlet answers a refused HTTP request (a GET without a session, a body that is not
 * JSON-RPC) by serializing its {@code McpError} exception with this mapper; by default Jackson
 * writes every bean property of an exception, its stack trace included. Here an {@code McpError} is
 * written as the JSON-RPC error response it stands for, and nothing else.
 */
public final class KitJson {
  public static final JsonMapper MAPPER =
      JsonMapper.builder()
          .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(new SimpleModule("mcp-errors").addSerializer(McpError.class, new ErrorOnly()))
          .build();

  /** The same mapper, as the MCP Java SDK takes it. */
  public static final McpJsonMapper MCP = new JacksonMcpJsonMapper(MAPPER);

  private KitJson() {}

  /** {@code {"jsonrpc":"2.0","id":null,"error":{"code":...,"message":...}}}. */
  private static final class ErrorOnly extends ValueSerializer<McpError> {
    @Override
    public void serialize(McpError value, JsonGenerator json, SerializationContext context) {
      JSONRPCError error = value.getJsonRpcError();
      json.writeStartObject();
      json.writeStringProperty("jsonrpc", "2.0");
      json.writeNullProperty("id");
      json.writeName("error");
      json.writeStartObject();
      json.writeNumberProperty("code", error == null ? -32603 : error.code());
      json.writeStringProperty("message", error == null ? "internal error" : error.message());
      json.writeEndObject();
      json.writeEndObject();
    }
  }
}
