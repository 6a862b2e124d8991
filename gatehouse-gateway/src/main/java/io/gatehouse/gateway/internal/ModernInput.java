package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.gateway.mrtr.BodyScan;
import io.gatehouse.gateway.mrtr.InputRequest;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The gateway's half of the input Gatehouse itself asks 2026-07-28 callers for (MRTR, SEP-2322),
 * where 2025-11-25 used server-to-client requests and the URL elicitation error {@code -32042}: a
 * refusal that carries an {@link InputRequest} becomes an {@code input_required} result with a
 * sealed {@code requestState} for a client that declared URL elicitation, and {@code -32021}
 * (missing client capability, with the link in {@code error.data}) for one that did not, as {@code
 * -32042} is 2025-11-25 only. A retry's answers to Gatehouse's own requests (keys {@code
 * gatehouse.*}) are checked before anything goes upstream, and taken out of what does.
 */
final class ModernInput {
  private static final String URL_CAPABILITY = "{\"elicitation\":{\"url\":{}}}";
  private static final Set<String> RETRY_PARTS = Set.of("inputResponses", "requestState");

  private ModernInput() {}

  /** What a caller gets for a refusal: an {@code input_required} result, or a refusal. */
  record Reply(byte[] result, Verdict.Refuse refusal) {}

  /** Gives the policies of a 2026-07-28 exchange its {@link InputRetry}. */
  static void attach(McpExchange ex, RequestStateSealer sealer) {
    ex.attr(InputRetry.KEY, new InputRetry(ex, sealer, System::currentTimeMillis));
  }

  /**
   * What the caller of {@code ex} gets for {@code r}: the refusal as it is unless it asks for
   * input; then a bad state or a declined answer on a retry first, else the request.
   */
  static Reply reply(McpExchange ex, Verdict.Refuse r) {
    InputRequest ask = r.ask();
    InputRetry retry = InputRetry.of(ex);
    if (ask == null || retry == null) {
      return new Reply(null, r);
    }
    try {
      for (String purpose : retry.answered()) {
        retry.accepted(purpose);
      }
      if (!retry.urlElicitation()) {
        return new Reply(null, capabilityRequired(r, ask));
      }
      return new Reply(inputRequired(ex, ask, retry.seal(ask)), null);
    } catch (GatewayException e) {
      return new Reply(null, new Verdict.Refuse(e.error(), e.getMessage(), Map.of(), true));
    }
  }

  /**
   * The body to send upstream for {@code ex}, whose policies let it through: as it came, or, when
   * it answers Gatehouse's own input requests, without {@code inputResponses} and {@code
   * requestState}, once each answer's state has opened (the upstream never asked them). A retry
   * that continues a held call goes as it came: the bridge delivers only the answers the upstream
   * asked for, and needs the held call's state.
   *
   * @throws GatewayException the state's or the answer's fault
   */
  static byte[] upstreamBody(McpExchange ex) {
    InputRetry retry = InputRetry.of(ex);
    if (retry == null
        || !BodyScan.mayHold(ex.body(), "\"" + InputRequest.KEY_PREFIX)
        || retry.continuesHeldCall()) {
      return ex.body();
    }
    List<String> answered = retry.answered();
    if (answered.isEmpty()) {
      return ex.body();
    }
    for (String purpose : answered) {
      retry.accepted(purpose);
    }
    return withoutRetryParts(ex.body());
  }

  /**
   * {@code body} with its {@code params} copied but for {@code inputResponses} and {@code
   * requestState}.
   */
  private static byte[] withoutRetryParts(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    try (JsonParser p = Json.parser(body, 0, body.length);
        JsonGenerator g = Json.generator(out)) {
      p.nextToken();
      g.writeStartObject();
      for (String f = p.nextName(); f != null; f = p.nextName()) {
        JsonToken t = p.nextToken();
        g.writeName(f);
        if (!"params".equals(f) || t != JsonToken.START_OBJECT) {
          g.copyCurrentStructure(p);
          continue;
        }
        g.writeStartObject();
        for (String pf = p.nextName(); pf != null; pf = p.nextName()) {
          p.nextToken();
          if (RETRY_PARTS.contains(pf)) {
            p.skipChildren();
          } else {
            g.writeName(pf);
            g.copyCurrentStructure(p);
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** The {@code input_required} result asking for {@code ask}, sealed as {@code state}. */
  private static byte[] inputRequired(McpExchange ex, InputRequest ask, String state) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeStringProperty("jsonrpc", "2.0");
      g.writeName("id");
      g.writeRawValue(ex.message().id().toJson());
      g.writeObjectPropertyStart("result");
      g.writeStringProperty("resultType", "input_required");
      g.writeObjectPropertyStart("inputRequests");
      g.writeObjectPropertyStart(ask.key());
      g.writeStringProperty("method", "elicitation/create");
      g.writeObjectPropertyStart("params");
      g.writeStringProperty("mode", "url");
      g.writeStringProperty("message", ask.message());
      g.writeStringProperty("elicitationId", ask.elicitationId());
      g.writeStringProperty("url", ask.url());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeStringProperty("requestState", state);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /**
   * {@code -32021} for a client that cannot be asked: the capability it lacks, the page, and the
   * key of the refusal it stands for ({@code reason}), so its user can still open the link.
   */
  private static Verdict.Refuse capabilityRequired(Verdict.Refuse r, InputRequest ask) {
    String elicitation =
        "[{\"mode\":\"url\",\"elicitationId\":"
            + Json.quote(ask.elicitationId())
            + ",\"url\":"
            + Json.quote(ask.url())
            + ",\"message\":"
            + Json.quote(ask.message())
            + "}]";
    return new Verdict.Refuse(
        GatewayErrors.CLIENT_CAPABILITY_REQUIRED,
        r.message(),
        r.headers(),
        true,
        Map.of(
            "requiredCapabilities",
            URL_CAPABILITY,
            "url",
            Json.quote(ask.url()),
            "reason",
            Json.quote(r.key().key()),
            "elicitations",
            elicitation));
  }
}
