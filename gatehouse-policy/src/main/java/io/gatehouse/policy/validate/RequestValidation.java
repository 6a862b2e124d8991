package io.gatehouse.policy.validate;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks each request and notification a client sends before it goes upstream: its size against
 * {@code validation.max-body}, its params against the depth, string and array limits, the MCP shape
 * of its method's params, and the arguments of a {@code tools/call} against the tool's {@code
 * inputSchema}. A message that fails is answered with {@code INVALID_ARGUMENTS} (JSON-RPC {@code
 * -32602}) listing every failing path, and the upstream never sees it; one that passes goes on as
 * the same bytes, since this only reads.
 *
 * <p>Runs on the caller's I/O thread: every check is a bounded amount of CPU work on bytes already
 * in memory.
 */
record RequestValidation(
    String route, Scoped<ValidationSettings> settings, ToolSchemas schemas, LongAdder unvalidated)
    implements McpPolicy {
  /** Reads params strictly: a member given twice could be read one way here, another upstream. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  @Override
  public Verdict onMessage(McpExchange exchange) {
    JsonRpcMessage m = exchange.message();
    if (m == null || m.isResponse() || m.method() == null) {
      return Verdict.PROCEED;
    }
    String tool = m.toolName();
    ValidationSettings s = settings.forTool(tool);
    if (!s.enabled()) {
      return Verdict.PROCEED;
    }
    byte[] body = exchange.body();
    if (body.length > s.maxBody()) {
      return Verdict.refuseHttp(
          GatewayErrors.BODY_TOO_LARGE,
          "the message is "
              + body.length
              + " bytes; route '"
              + route
              + "' takes at most "
              + s.maxBody()
              + " (validation.max-body)",
          Map.of());
    }
    ToolSchemas.Listed listed = tool != null && s.arguments() ? schemas.get(tool) : null;
    boolean bySchema = listed != null && listed.input() != null;
    if (tool != null && s.arguments() && !bySchema) {
      unvalidated.increment();
    }
    if (bySchema && passesPlain(body, s, listed.input())) {
      return Verdict.PROCEED;
    }
    Violations v = new Violations();
    boolean parses = ParamShape.knows(m) || bySchema;
    JsonNode params;
    if (parses && ParamLimits.onlyDepthCanFail(body, s)) {
      // One pass instead of two: the tree's parser keeps the depth limit itself, and in a body this
      // short no string or array can break theirs. Only a refusal walks the bytes for the paths.
      try {
        params = Parsers.limitedTo(s.maxDepth()).readTree(body).get("params");
      } catch (StreamConstraintsException deep) {
        ParamLimits.check(body, s, v);
        if (!v.isEmpty()) {
          return v.refuse(ValidationErrors.INVALID_ARGUMENTS, what(m));
        }
        params = strict(body, v); // deep, but outside params: not this check's business
      } catch (JacksonException e) {
        v.add("", "a member appears twice (send each member once)");
        return v.refuse(ValidationErrors.INVALID_ARGUMENTS, what(m));
      }
    } else {
      ParamLimits.check(body, s, v);
      if (!v.isEmpty()) {
        return v.refuse(ValidationErrors.INVALID_ARGUMENTS, what(m));
      }
      if (!parses) {
        return Verdict.PROCEED;
      }
      params = strict(body, v);
    }
    if (params == null && !v.isEmpty()) {
      return v.refuse(ValidationErrors.INVALID_ARGUMENTS, what(m));
    }
    ParamShape.check(m.method(), params, v);
    if (v.isEmpty() && bySchema) {
      JsonNode args = params.get("arguments");
      listed
          .input()
          .check(
              args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : args,
              "/arguments",
              v);
    }
    if (v.isEmpty()) {
      return Verdict.PROCEED;
    }
    return v.refuse(ValidationErrors.INVALID_ARGUMENTS, what(m));
  }

  /**
   * Whether a call of a tool with a plain schema surely passes, judged in one streaming pass (no
   * tree, no validator); when not sure, the checks below run and decide.
   */
  private static boolean passesPlain(byte[] body, ValidationSettings s, ToolSchema schema) {
    PlainSchema plain = schema.plain();
    return plain != null
        && ParamLimits.onlyDepthCanFail(body, s)
        && CallScan.passes(body, s.maxDepth(), plain);
  }

  /** Params read strictly, or null with the problem added to {@code v}. */
  private static JsonNode strict(byte[] body, Violations v) {
    try {
      return STRICT.readTree(body).get("params");
    } catch (JacksonException e) {
      v.add("", "a member appears twice (send each member once)");
      return null;
    }
  }

  /**
   * What a refusal names: the tool of a call, or the method, cut short (both come from the caller).
   */
  private static String what(JsonRpcMessage m) {
    String tool = m.toolName();
    return tool != null
        ? "tool '" + Violations.shorten(tool) + "'"
        : Violations.shorten(m.method());
  }
}
