package io.gatehouse.connect.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.ConnectionCheck;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.store.testing.TestDatabases;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workload connection with {@code "identity": "agent"}: each call speaks as the agent making it,
 * its own identity once published and its project's before; a call from no agent, or from another
 * project's agent, is refused before anything goes upstream.
 */
class AgentCredentialTest {
  private static final URI UPSTREAM = URI.create("http://127.0.0.1:9/mcp");
  private static final String AUDIENCE = "https://tools.example/mcp";

  private TestDatabases.Throwaway store;
  private WorkloadKeys keys;
  private Credentials credentials;

  @BeforeEach
  void open() throws Exception {
    store = TestDatabases.sqlite();
    Path dir = Files.createTempDirectory("gatehouse-agent-credential");
    Vault vault =
        Vault.open(
            store.database(), Keyring.fromFile(dir.resolve("master.key"), true), Clock.systemUTC());
    keys = new WorkloadKeys(() -> vault, Clock.systemUTC());
    credentials =
        new Credentials(
            () -> vault,
            new SecretValues() {
              @Override
              public Lookup lookup(String project, String name) {
                return new SecretValues.Missing("no secrets here");
              }

              @Override
              public void load(String project, String name) {}
            },
            new WorkloadTokens(keys, () -> URI.create("http://127.0.0.1:8080"), Clock.systemUTC()),
            new TokenEndpoint(Egress.defaults(), Duration.ofSeconds(5)),
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_published_agent_calls_with_its_own_identity() throws Exception {
    SignedJWT token = sent(policy(), new CallingAgent("team-a", "triage", true));
    assertThat(token.verify(new ECDSAVerifier(keys.signingKey().toECPublicKey()))).isTrue();
    assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("agent:team-a/triage");
    assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
  }

  @Test
  void an_unpublished_agent_calls_with_its_projects_identity() throws Exception {
    SignedJWT token = sent(policy(), new CallingAgent("team-a", "triage", false));
    assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("project:team-a");
  }

  @Test
  void two_agents_on_one_connection_each_get_their_own_token() throws Exception {
    McpPolicy p = policy();
    SignedJWT first = sent(p, new CallingAgent("team-a", "triage", true));
    SignedJWT second = sent(p, new CallingAgent("team-a", "billing", true));
    SignedJWT again = sent(p, new CallingAgent("team-a", "triage", true));
    assertThat(second.getJWTClaimsSet().getSubject()).isEqualTo("agent:team-a/billing");
    assertThat(again.serialize()).as("cached per identity").isEqualTo(first.serialize());
  }

  @Test
  void a_call_from_no_agent_is_refused_and_sends_no_credential() {
    McpExchange exchange = exchange();
    Verdict v = policy().onRequest(exchange);
    assertThat(v).isInstanceOf(Verdict.Refuse.class);
    Verdict.Refuse r = (Verdict.Refuse) v;
    assertThat(r.key().key()).isEqualTo("AGENT_IDENTITY_REQUIRED");
    assertThat(r.message()).contains("connection 'tools'", "comes from no agent");
    Call call = new Call();
    policy().onUpstreamRequest(exchange, call);
    assertThat(call.headers).doesNotContainKey("Authorization");
  }

  @Test
  void an_agent_of_another_project_is_refused() {
    McpExchange exchange = exchange();
    exchange.attr(CallingAgent.KEY, new CallingAgent("team-b", "triage", true));
    Verdict v = policy().onRequest(exchange);
    assertThat(v).isInstanceOf(Verdict.Refuse.class);
    assertThat(((Verdict.Refuse) v).key()).isEqualTo(CallingAgent.AGENT_IDENTITY_REQUIRED);
    assertThat(((Verdict.Refuse) v).message()).contains("agent 'triage' of project 'team-b'");
  }

  @Test
  void a_validation_speaks_as_the_project() throws Exception {
    var bearer = credentials.bearer(connection(), null);
    assertThat(SignedJWT.parse(bearer.reveal()).getJWTClaimsSet().getSubject())
        .isEqualTo("project:team-a");
  }

  @Test
  void identity_agent_is_accepted_and_an_exchange_with_it_refused() {
    var json = JsonMapper.builder().build();
    assertThat(
            ConnectionCheck.problems(
                "team-a",
                json.readTree(
                    "{\"name\":\"tools\",\"url\":\"http://127.0.0.1:9/mcp\","
                        + "\"auth\":{\"type\":\"workload\",\"identity\":\"agent\"}}"),
                Egress.defaults()))
        .isEmpty();
    assertThat(
            ConnectionCheck.problems(
                "team-a",
                json.readTree(
                    "{\"name\":\"tools\",\"url\":\"http://127.0.0.1:9/mcp\",\"auth\":{\"type\":"
                        + "\"workload\",\"identity\":\"agent\",\"exchange\":{\"tokenUrl\":"
                        + "\"http://127.0.0.1:9/token\",\"clientId\":\"agent\"}}}"),
                Egress.defaults()))
        .singleElement()
        .asString()
        .contains("auth.exchange: not with identity agent");
  }

  private McpPolicy policy() {
    return credentials.policy(connection());
  }

  private static Connection connection() {
    Instant now = Instant.now();
    return new Connection(
        "team-a",
        "tools",
        UPSTREAM,
        UpstreamTransport.STREAMABLE_HTTP,
        new ConnectionAuth.Workload(ConnectionAuth.Workload.CALLING_AGENT, AUDIENCE, null),
        now,
        now,
        null,
        false,
        null,
        Connection.BY_API,
        null,
        null,
        null,
        null);
  }

  private static McpExchange exchange() {
    return McpExchange.builder(
            RouteDefinition.of(
                "tools", UpstreamDefinition.of(UPSTREAM, UpstreamTransport.STREAMABLE_HTTP)),
            McpExchange.Entry.STREAM)
        .build();
  }

  /** Runs the request hooks as the gateway does and returns the token the upstream would get. */
  private static SignedJWT sent(McpPolicy p, CallingAgent agent) throws Exception {
    McpExchange exchange = exchange();
    exchange.attr(CallingAgent.KEY, agent);
    Verdict v = p.onRequest(exchange);
    if (v instanceof Verdict.Blocking b) {
      v = b.work().call();
    }
    assertThat(v).isEqualTo(Verdict.PROCEED);
    Call call = new Call();
    p.onUpstreamRequest(exchange, call);
    String header = call.headers.get("Authorization");
    assertThat(header).startsWith("Bearer ");
    return SignedJWT.parse(header.substring("Bearer ".length()));
  }

  private static final class Call implements UpstreamCall {
    final Map<String, String> headers = new LinkedHashMap<>();

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public URI url() {
      return UPSTREAM;
    }

    @Override
    public String header(String name) {
      return headers.get(name);
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }

    @Override
    public void removeHeader(String name) {
      headers.remove(name);
    }

    @Override
    public void setQueryParameter(String name, String value) {}

    @Override
    public void removeQueryParameter(String name) {}
  }
}
