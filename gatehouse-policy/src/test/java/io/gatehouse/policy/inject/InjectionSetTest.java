package io.gatehouse.policy.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The headers and query sections as read from a policy set: what is refused, and where. */
class InjectionSetTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RouteDefinition ROUTE =
      RouteDefinition.of(
          "weather",
          UpstreamDefinition.of(URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.AUTO));
  private static final SecretValues NO_SECRETS =
      new SecretValues() {
        @Override
        public Lookup lookup(String project, String name) {
          return new Missing("secret '" + name + "' is not set");
        }

        @Override
        public void load(String project, String name) {}
      };

  private final Problems problems = new Problems();
  private final Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);

  private void read(String routeSet) {
    PolicyTree tree =
        PolicyTree.of(
            null, "policies", JSON.readTree(routeSet.replace('\'', '"')), "routes[0].policies");
    new InjectionPart(NO_SECRETS).contribute(ROUTE, tree, problems, byPhase);
  }

  private List<String> found() {
    return problems.list().stream().map(Object::toString).toList();
  }

  @Test
  void every_placeholder_reads_and_adds_one_policy_after_the_credentials() {
    read(
        "{'headers': {'set': {'X-User': '${principal.id}', 'X-Groups': 'g=${principal.groups}',"
            + " 'X-Route': '${route.name}', 'X-Tool': '${tool.name}', 'X-Tag':"
            + " '${request.header.X-Client-Tag}', 'X-Key': 'Bearer ${secret:weather.key}'},"
            + " 'append': {'Via': 'gatehouse'}, 'remove': ['X-Debug']},"
            + " 'query': {'set': {'key': '${secret:weather.key}'}, 'remove': ['debug']}}");
    assertThat(found()).isEmpty();
    assertThat(byPhase.get(Phase.INJECT_CREDENTIALS)).hasSize(1);
  }

  @Test
  void a_set_without_headers_or_query_adds_nothing() {
    read("{'limits': {}}");
    assertThat(found()).isEmpty();
    assertThat(byPhase).isEmpty();
  }

  @Test
  void unknown_and_unclosed_placeholders_are_named_with_their_paths() {
    read(
        "{'headers': {'set': {'X-A': '${principal.email}', 'X-B': 'x-${route.name'}},"
            + " 'tools': {'get-*': {'query': {'set': {'q': '${env:HOME}'}}}}}");
    assertThat(found())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("routes[0].policies.headers.set.X-A: unknown placeholder")
                    .contains("${principal.email}"))
        .anySatisfy(
            p -> assertThat(p).startsWith("routes[0].policies.headers.set.X-B: '${route.name'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "routes[0].policies.tools['get-*'].query.set.q: unknown placeholder"));
    assertThat(byPhase).isEmpty();
  }

  @Test
  void copying_the_callers_credential_needs_passthrough() {
    read(
        "{'headers': {'set': {'X-A': '${request.header.authorization}', 'X-B':"
            + " '${request.header.X-API-Key}', 'X-C': 'c=${request.header.Cookie}'}, 'append': {'X-D':"
            + " '${request.header.Proxy-Authorization}'}}, 'query': {'set': {'token':"
            + " '${request.header.Authorization}'}}}");
    assertThat(found())
        .hasSize(5)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("routes[0].policies.headers.set.X-A: copies the caller's own")
                    .contains("headers.passthrough: true"))
        .anySatisfy(p -> assertThat(p).startsWith("routes[0].policies.headers.set.X-B: copies"))
        .anySatisfy(p -> assertThat(p).startsWith("routes[0].policies.headers.set.X-C: copies"))
        .anySatisfy(p -> assertThat(p).startsWith("routes[0].policies.headers.append.X-D: copies"))
        .anySatisfy(p -> assertThat(p).startsWith("routes[0].policies.query.set.token: copies"));
  }

  @Test
  void passthrough_lets_a_header_copy_the_credential_but_never_the_url() {
    read(
        "{'headers': {'passthrough': true, 'set': {'Authorization':"
            + " '${request.header.Authorization}'}}, 'query': {'set': {'token':"
            + " '${request.header.Authorization}'}}}");
    assertThat(found())
        .containsExactly(
            "routes[0].policies.query.set.token: copies the caller's own credential into the URL; a"
                + " credential may pass only as a header, with headers.passthrough: true");
  }

  @Test
  void headers_the_gateway_writes_and_bad_names_cannot_be_touched() {
    read(
        "{'headers': {'set': {'Mcp-Session-Id': 'x', 'Bad Name': 'y'}, 'remove': ['Host'],"
            + " 'passthrough': 'yes', 'drop': []}}");
    assertThat(found())
        .containsExactlyInAnyOrder(
            "routes[0].policies.headers.drop: unknown field (expected one of: append, passthrough,"
                + " remove, set)",
            "routes[0].policies.headers.passthrough: expected true or false",
            "routes[0].policies.headers.set.Mcp-Session-Id: 'Mcp-Session-Id' is written by the"
                + " gateway itself to speak MCP; it cannot be changed",
            "routes[0].policies.headers.set.Bad Name: 'Bad Name' is not a header name (expected:"
                + " letters, digits, -)",
            "routes[0].policies.headers.remove[0]: 'Host' is written by the gateway itself to speak"
                + " MCP; it cannot be changed");
  }

  @Test
  void a_line_break_in_a_header_value_is_refused() {
    read("{'headers': {'set': {'X-A': 'one\\ntwo'}}}");
    assertThat(found())
        .containsExactly(
            "routes[0].policies.headers.set.X-A: holds a line break, which a header value cannot"
                + " carry");
  }

  @Test
  void passthrough_is_per_set_so_a_tool_entry_without_it_is_refused() {
    read(
        "{'headers': {'passthrough': true},"
            + " 'tools': {'t': {'headers': {'passthrough': false, 'set': {'A':"
            + " '${request.header.Authorization}'}}}}}");
    assertThat(found()).hasSize(1);
    assertThat(found().get(0)).startsWith("routes[0].policies.tools['t'].headers.set.A: copies");
    assertThat(byPhase.getOrDefault(Phase.INJECT_CREDENTIALS, new ArrayList<>())).isEmpty();
  }

  @Test
  void no_template_copies_the_session_id_even_with_passthrough() {
    read(
        "{'headers': {'passthrough': true, 'set': {'X-S': '${request.header.Mcp-Session-Id}'}},"
            + " 'query': {'set': {'s': '${request.header.mcp-session-id}'}}}");
    assertThat(found())
        .anySatisfy(p -> assertThat(p).startsWith("routes[0].policies.headers.set.X-S: copies"))
        .anySatisfy(p -> assertThat(p).startsWith("routes[0].policies.query.set.s: copies"));
    assertThat(byPhase).isEmpty();
  }

  @Test
  void only_a_route_may_let_credentials_through_never_the_global_set() {
    PolicyTree tree =
        PolicyTree.of(
            JSON.readTree(
                "{\"headers\": {\"passthrough\": true},"
                    + " \"tools\": {\"x\": {\"headers\": {\"passthrough\": true}}}}"),
            "policies",
            JSON.readTree(
                "{\"headers\": {\"set\": {\"Authorization\":"
                    + " \"${request.header.Authorization}\"}}}"),
            "routes[0].policies");
    new InjectionPart(NO_SECRETS).contribute(ROUTE, tree, problems, byPhase);
    assertThat(found())
        .anySatisfy(p -> assertThat(p).startsWith("policies.headers.passthrough: the global set"))
        .anySatisfy(
            p -> assertThat(p).startsWith("policies.tools['x'].headers.passthrough: the global"));
  }
}
