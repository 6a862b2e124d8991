package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.gateway.Phase;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.ToolAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth:}, {@code auth.jwt}, tool rules and the non-loopback safety check, as configured. */
class AccessConfigTest {
  @TempDir Path dir;

  private GatehouseConfig load(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
    return new ConfigLoader(Map.of()).load(file);
  }

  private static final String ROUTE =
      "routes:\n  - name: r\n    upstream: {url: 'http://127.0.0.1:9/mcp'}\n";

  @Test
  void a_route_on_a_public_listener_must_say_how_callers_authenticate() throws Exception {
    assertThatThrownBy(() -> load("listen: {host: 0.0.0.0}\n" + ROUTE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].auth: route 'r' would be open to anyone")
        .hasMessageContaining("auth: [api-key]")
        .hasMessageContaining("auth: none");
    assertThatThrownBy(() -> load("listen: {host: 0.0.0.0}\n" + ROUTE + "    auth:\n"))
        .hasMessageContaining("routes[0].auth: route 'r' would be open");
    assertThat(load("listen: {host: 0.0.0.0}\n" + ROUTE + "    auth: none\n").routes()).hasSize(1);
    assertThat(load("listen: {host: 0.0.0.0}\n" + ROUTE + "    auth: [api-key]\n").routes())
        .hasSize(1);
    assertThat(load(ROUTE).routes().getFirst().policies().isEmpty()).isTrue();
  }

  @Test
  void auth_methods_and_jwt_settings_are_checked() throws Exception {
    assertThatThrownBy(() -> load(ROUTE + "    auth: [password]\n"))
        .hasMessageContaining("routes[0].auth[0]: 'password' (expected: none, api-key or jwt)");
    assertThatThrownBy(() -> load(ROUTE + "    auth: []\n"))
        .hasMessageContaining("routes[0].auth: an empty list");
    assertThatThrownBy(() -> load(ROUTE + "    auth: [jwt]\n"))
        .hasMessageContaining("auth.jwt.issuer: missing");
    assertThatThrownBy(
            () ->
                load(
                    "auth: {jwt: {issuer: 'https://idp.example.com', jwks-url: 'not a url'}}\n"
                        + ROUTE
                        + "    auth: [jwt]\n"))
        .hasMessageContaining("auth.jwt.jwks-url: 'not a url'");
    assertThatThrownBy(
            () ->
                load(
                    "auth: {jwt: {issuer: 'https://idp.example.com', jwks-url: 'http://idp.example.com/jwks'}}\n"
                        + ROUTE
                        + "    auth: [jwt]\n"))
        .hasMessageContaining("auth.jwt.jwks-url: 'http://idp.example.com/jwks' (expected: https");
    GatehouseConfig c =
        load(
            "auth: {jwt: {issuer: 'https://idp.example.com', jwks-url: 'https://idp.example.com/jwks',"
                + " claims: {subject: email, groups: roles}}}\n"
                + ROUTE
                + "    auth: [api-key, jwt]\n"
                + "    auth-jwt: {scopes: [mcp:tools], audience: 'api://r', claims: {groups: teams}}\n");
    InboundAuth auth =
        (InboundAuth) c.routes().getFirst().policies().in(Phase.AUTHENTICATE).getFirst();
    assertThat(auth.jwt().settings().issuer()).hasToString("https://idp.example.com");
    assertThat(auth.jwt().settings().scopes()).containsExactly("mcp:tools");
    assertThat(auth.jwt().settings().audience()).isEqualTo("api://r");
    assertThat(auth.jwt().settings().subjectClaim()).isEqualTo("email");
    assertThat(auth.jwt().settings().groupsClaim()).isEqualTo("teams");
  }

  @Test
  void a_route_belongs_to_a_project_default_unless_set() throws Exception {
    InboundAuth dflt =
        (InboundAuth)
            load(ROUTE + "    auth: [api-key]\n")
                .routes()
                .getFirst()
                .policies()
                .in(Phase.AUTHENTICATE)
                .getFirst();
    assertThat(dflt.project()).isEqualTo("default");
    InboundAuth set =
        (InboundAuth)
            load(ROUTE + "    auth: [api-key]\n    project: payments\n")
                .routes()
                .getFirst()
                .policies()
                .in(Phase.AUTHENTICATE)
                .getFirst();
    assertThat(set.project()).isEqualTo("payments");
    assertThatThrownBy(() -> load(ROUTE + "    project: 'no such'\n"))
        .hasMessageContaining("routes[0].project: 'no such' (expected: a project name");
  }

  @Test
  void tool_scopes_are_checked_and_need_a_route_that_takes_tokens() throws Exception {
    String jwt =
        "auth: {jwt: {issuer: 'https://idp.example.com', jwks-url: 'https://idp.example.com/jwks'}}\n";
    assertThatThrownBy(
            () ->
                load(
                    jwt + ROUTE + "    auth: [api-key]\n    auth-jwt: {tool-scopes: {'x': [a]}}\n"))
        .hasMessageContaining("routes[0].auth-jwt.tool-scopes: the route does not take tokens");
    assertThatThrownBy(
            () -> load(jwt + ROUTE + "    auth: [jwt]\n    auth-jwt: {tool-scopes: {'x': []}}\n"))
        .hasMessageContaining("routes[0].auth-jwt.tool-scopes.x: expected a list of scopes");
    GatehouseConfig c =
        load(
            jwt
                + ROUTE
                + "    auth: [jwt]\n    auth-jwt: {tool-scopes: {'delete-*': [files:delete]}}\n");
    assertThat(c.routes().getFirst().policies().in(Phase.AUTHORIZE))
        .singleElement()
        .isInstanceOf(io.gatehouse.policy.ToolScopes.class);
  }

  @Test
  void a_projects_rules_apply_to_each_of_its_routes_with_the_routes_own() throws Exception {
    GatehouseConfig c =
        load(
            "projects:\n"
                + "  payments:\n"
                + "    tools: {deny: ['*-admin'], groups: {auditors: {allow: [audit-log]}}}\n"
                + "routes:\n"
                + "  - name: refunds\n"
                + "    upstream: {url: 'http://127.0.0.1:9/mcp'}\n"
                + "    project: payments\n"
                + "    tools: {allow: ['refund-*', 'reset-admin']}\n"
                + "  - name: other\n"
                + "    upstream: {url: 'http://127.0.0.1:9/mcp'}\n");
    io.gatehouse.policy.ToolAccess refunds =
        (io.gatehouse.policy.ToolAccess)
            c.routes().get(0).policies().in(Phase.AUTHORIZE).getFirst();
    io.gatehouse.core.Principal auditor =
        new io.gatehouse.core.Principal(
            "a",
            io.gatehouse.core.Principal.Kind.USER,
            "payments",
            java.util.Set.of("auditors"),
            java.util.Set.of(),
            "api-key");
    assertThat(refunds.tools().permits(null, "refund-card")).isTrue();
    assertThat(refunds.tools().permits(null, "reset-admin")).isFalse(); // the project's deny wins
    assertThat(refunds.tools().permits(null, "audit-log")).isFalse();
    assertThat(refunds.tools().permits(auditor, "audit-log")).isTrue();
    assertThat(c.routes().get(1).policies().in(Phase.AUTHORIZE)).isEmpty();
    assertThatThrownBy(() -> load("projects:\n  payments:\n    tools: {allow: ['']}\n" + ROUTE))
        .hasMessageContaining("projects.payments.tools.allow[0]");
  }

  @Test
  void an_empty_ip_allow_list_is_refused_rather_than_guessed() {
    assertThatThrownBy(() -> load(ROUTE + "    ip: {allow: []}\n"))
        .hasMessageContaining("routes[0].ip.allow: an empty list");
    assertThatThrownBy(() -> load("ip: {allow: []}\n" + ROUTE))
        .hasMessageContaining("ip.allow: an empty list");
  }

  @Test
  void a_top_level_jwt_is_checked_even_when_no_route_uses_it() {
    assertThatThrownBy(() -> load("auth: {jwt: {issuer: 'https://idp.example.com'}}\n" + ROUTE))
        .hasMessageContaining("auth.jwt.jwks-url: missing; auth.jwt needs issuer and jwks-url");
  }

  @Test
  void tool_rules_are_checked_and_land_in_authorize() throws Exception {
    assertThatThrownBy(() -> load(ROUTE + "    tools: {allow: ['']}\n"))
        .hasMessageContaining("routes[0].tools.allow[0]: an empty pattern");
    assertThatThrownBy(() -> load(ROUTE + "    tools: {default: maybe}\n"))
        .hasMessageContaining("routes[0].tools.default: 'maybe' (expected: allow or deny)");
    assertThatThrownBy(() -> load(ROUTE + "    tools: {alow: [x]}\n")).hasMessageContaining("alow");
    GatehouseConfig c =
        load(ROUTE + "    tools: {deny: ['*-admin'], groups: {ops: {allow: ['*-admin']}}}\n");
    ToolAccess access =
        (ToolAccess) c.routes().getFirst().policies().in(Phase.AUTHORIZE).getFirst();
    assertThat(access.tools().permits(null, "db-admin")).isFalse();
    assertThat(access.prompts().isOpen()).isTrue();
  }

  @Test
  void reloading_the_same_access_rules_yields_equal_routes() throws Exception {
    String yaml =
        "auth: {jwt: {issuer: 'https://idp.example.com', jwks-url: 'https://idp.example.com/jwks'}}\n"
            + ROUTE
            + "    auth: [api-key, jwt]\n"
            + "    tools: {allow: [echo], consumers: {alice: {allow: ['*']}}}\n";
    Path file = Files.writeString(dir.resolve("same.yaml"), yaml);
    ConfigLoader loader = new ConfigLoader(Map.of());
    assertThat(loader.load(file).routes()).isEqualTo(loader.load(file).routes());
  }
}
