package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code audit.enabled: false} binds no policy, and the sets' audit sections are still checked. */
class AuditSwitchTest {
  @Test
  void off_binds_nothing_and_still_names_problems() {
    AuditConfig off =
        AuditConfig.read(JsonMapper.shared().readTree("{\"enabled\": false}"), new Problems());
    assertThat(off.enabled()).isFalse();
    AuditLog log = new AuditLog(off, new SimpleMeterRegistry(), Clock.systemUTC());
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>());
    }
    Problems problems = new Problems();
    new AuditPart(log, off.enabled())
        .contribute(
            RouteDefinition.of(
                "r",
                UpstreamDefinition.of(
                    URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP)),
            PolicyTree.of(
                null,
                "policies",
                JsonMapper.shared().readTree("{\"audit\": {\"arguments\": 3}}"),
                "routes[0].policies"),
            problems,
            byPhase);

    assertThat(byPhase.values()).allMatch(List::isEmpty);
    assertThat(problems.list()).extracting(Problems.Problem::path).isNotEmpty();
    log.close();
  }
}
