package io.gatehouse.interop;

import io.gatehouse.connect.AcceptDefaults;
import io.gatehouse.connect.McpClient;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.UpstreamAuthorization;
import io.gatehouse.connect.oauth.ClientRegistration;
import io.gatehouse.connect.oauth.Grant;
import io.gatehouse.connect.oauth.HeadlessAuthorizer;
import io.gatehouse.connect.oauth.OAuthAuthorization;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client the official conformance suite drives ({@code conformance client --command ...}): it
 * connects {@link McpClient} to the mock server URL given as the last argument, lists the tools and
 * calls each one (or the {@code toolCalls} the scenario's context lists, with their arguments),
 * authorizing as the scenario's context says ({@code MCP_CONFORMANCE_SCENARIO}, {@code
 * MCP_CONFORMANCE_CONTEXT}). Exits 1 with the failure's key when the client gives up.
 */
public final class ConformanceClient {
  /** The client metadata document URL the suite's CIMD scenario expects as client_id. */
  static final URI METADATA_DOCUMENT =
      URI.create("https://conformance-test.local/client-metadata.json");

  static final URI REDIRECT = URI.create("http://localhost/oauth/callback");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final JsonMapper JSON = JsonMapper.shared();

  private ConformanceClient() {}

  public static void main(String[] args) {
    log(
        "started (JVM up "
            + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
            + " ms)");
    URI server = URI.create(args[args.length - 1]);
    String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "");
    String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
    try {
      run(server, scenario, context == null ? JSON.createObjectNode() : JSON.readTree(context));
    } catch (McpFailure e) {
      System.err.println(e.error().key() + ": " + e.getMessage() + " " + e.facts());
      System.exit(1);
    }
  }

  static void run(URI server, String scenario, JsonNode context) throws McpFailure {
    Egress egress = Egress.defaults();
    UpstreamAuthorization auth =
        scenario.startsWith("auth/")
            ? new OAuthAuthorization(grant(scenario, context, egress), egress, TIMEOUT)
            : null;
    McpClient.Options options =
        new McpClient.Options(TIMEOUT, Map.of(), Map.of(), auth, new AcceptDefaults());
    log("connecting to " + server);
    try (McpClient client =
        McpClient.open(server, UpstreamTransport.STREAMABLE_HTTP, egress, options)) {
      log("initialized, protocol " + client.protocolVersion());
      java.util.List<JsonNode> tools = client.listTools();
      JsonNode calls = context.path("toolCalls");
      if (calls.isArray() && !calls.isEmpty()) {
        for (JsonNode call : calls) { // the calls the scenario names, with its arguments
          String name = call.path("name").asString();
          log(name + ": " + client.callTool(name, call.path("arguments")));
        }
        return;
      }
      for (JsonNode tool : tools) {
        String name = tool.path("name").asString();
        JsonNode result = client.callTool(name, arguments(tool.path("inputSchema")));
        log(name + ": " + result);
      }
    }
  }

  /** A progress line with the time, for the stdout.txt the CLI keeps of each scenario. */
  private static void log(String line) {
    System.out.println(java.time.Instant.now() + " " + line);
  }

  /** How the scenario's client authenticates: its context carries the credentials it names. */
  private static Grant grant(String scenario, JsonNode context, Egress egress) {
    String clientId = text(context, "client_id");
    Secret secret =
        text(context, "client_secret") == null ? null : Secret.of(text(context, "client_secret"));
    return switch (scenario) {
      case "auth/client-credentials-jwt" ->
          new Grant.ClientKey(
              clientId,
              privateKey(text(context, "private_key_pem")),
              text(context, "signing_algorithm"));
      case "auth/client-credentials-basic" -> new Grant.ClientSecret(clientId, secret);
      case "auth/cross-app-access-complete-flow" ->
          new Grant.CrossAppAccess(
              URI.create(text(context, "idp_token_endpoint")),
              text(context, "idp_client_id"),
              Secret.of(text(context, "idp_id_token")),
              clientId,
              secret);
      default ->
          new Grant.AuthorizationCode(
              new ClientRegistration(
                  "Gatehouse conformance client", REDIRECT, clientId, secret, METADATA_DOCUMENT),
              new HeadlessAuthorizer(egress, TIMEOUT));
    };
  }

  /** Arguments for a tool: each required property a plain value of its type. */
  static ObjectNode arguments(JsonNode schema) {
    ObjectNode args = JSON.createObjectNode();
    int n = 1;
    for (JsonNode required : schema.path("required")) {
      String field = required.asString();
      switch (schema.path("properties").path(field).path("type").asString("string")) {
        case "number", "integer" -> args.put(field, n++);
        case "boolean" -> args.put(field, true);
        default -> args.put(field, "x");
      }
    }
    return args;
  }

  private static PrivateKey privateKey(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("private_key_pem: not a PKCS#8 EC key", e);
    }
  }

  private static String text(JsonNode context, String field) {
    JsonNode v = context.path(field);
    return v.isString() ? v.asString() : null;
  }
}
