package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approval hold as MRTR with a client we did not write: the TypeScript SDK v2 client pinned to
 * MCP 2026-07-28, declaring URL elicitation, calls a held tool of the 2026-07-28 fixture through
 * Gatehouse; it is asked to open the approval page ({@code input_required}), its handler has an
 * approver approve, and its own retry gets the tool's result.
 */
class ApprovalMrtrInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();

  @Test
  void the_sdk_v2_client_is_asked_for_the_approval_page_and_its_retry_runs_the_tool() {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse g =
            RunningGatehouse.start(
                "routes:\n"
                    + "  - name: held\n"
                    + "    upstream: {url: '"
                    + fixture.url()
                    + "', protocol: 2026-07-28}\n"
                    + "    auth: [api-key]\n"
                    + "    policies:\n"
                    + "      approval: {tools: [test_simple_text], approvers: ['user:carol']}\n")) {
      String alice = UserConsentInteropTest.user(g, "alice");
      String carol = UserConsentInteropTest.user(g, "carol");
      try (ChildProcess client =
          ChildProcess.start(
              "mrtr-approval-client",
              List.of(
                  tools.node().toString(),
                  tools.nodeScript("mrtr-approval-client.mjs").toString(),
                  g.route("held").toString(),
                  alice,
                  carol,
                  g.url("/").toString().replaceAll("/$", ""),
                  "test_simple_text"),
              Map.of())) {
        String line =
            client.awaitLine(Pattern.compile("\\{\"asked\".*"), Duration.ofSeconds(60)).group();
        JsonNode seen = JSON.readTree(line);
        assertThat(seen.path("asked")).as(line).hasSize(1);
        JsonNode asked = seen.path("asked").get(0);
        String id = asked.path("id").asString();
        assertThat(id).startsWith("apr_");
        assertThat(asked.path("mode").asString()).isEqualTo("url");
        assertThat(asked.path("page").asString()).isEqualTo(g.url("/approvals/" + id).toString());
        assertThat(asked.path("approverStatus").asInt()).isEqualTo(200);
        assertThat(seen.path("isError").asBoolean()).isFalse();
        assertThat(seen.path("text").asString())
            .isEqualTo("This is a simple text response for testing.");

        JsonNode approval = JSON.readTree(g.get("/admin/v1/approvals/" + id, carol).body());
        assertThat(approval.path("state").asString()).isEqualTo("approved");
        assertThat(approval.path("decidedBy").asString()).isEqualTo("api-key:carol");
      }
    }
  }
}
