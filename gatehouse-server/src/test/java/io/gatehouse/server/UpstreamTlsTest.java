package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import io.gatehouse.testkit.TestCertificates;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection's TLS options: an upstream whose certificate a private CA signed, which requires a
 * client certificate (mutual TLS), is reached through a route once the connection trusts the CA and
 * presents the certificate; the key is kept in the vault and never shown.
 */
class UpstreamTlsTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final TestCertificates CERTS = TestCertificates.create("Gatehouse Test CA");

  static String connection(String url, boolean ca, boolean clientCertificate) {
    ObjectNode n = JsonMapper.shared().createObjectNode();
    n.put("name", "tools").put("url", url).put("transport", "streamable-http");
    ObjectNode tls = n.putObject("tls");
    if (ca) {
      tls.put("ca", CERTS.caPem());
    }
    if (clientCertificate) {
      tls.put("clientCertificate", CERTS.clientCertificatePem());
      tls.putObject("clientKey").put("value", CERTS.clientKeyPem());
    }
    return n.toString();
  }

  static String call(RunningGatehouse g) {
    return McpWire.answer(
        McpWire.send(McpWire.post(g.route("tools"), null, McpWire.initializeBody(1))));
  }

  @Test
  void a_private_ca_and_a_client_certificate_reach_a_mutual_tls_upstream(@TempDir Path dir) {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tls(CERTS, true));
        RunningGatehouse g =
            RunningGatehouse.start(dir, "routes:\n  - {name: tools, connection: tools}\n")) {
      String url = up.url().toString();
      assertThat(url).startsWith("https://");

      HttpResponse<String> created =
          g.send("POST", "/admin/v1/connections", TOKEN, connection(url, true, true));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.body()).contains("\"status\":\"Connected\"");
      assertThat(created.body())
          .contains("\"clientKey\":{\"secret\":\"connection.tools.tls-client-key\"}")
          .doesNotContain("PRIVATE KEY");
      assertThat(call(g)).contains("\"protocolVersion\"");
      int served = up.requests().size();
      assertThat(served).isPositive();

      // the CA alone: the upstream wants a client certificate, so nothing gets through
      g.send("PUT", "/admin/v1/connections/tools", TOKEN, connection(url, true, false));
      assertThat(call(g)).contains("\"error\"").contains("UPSTREAM_");
      // no options: the JDK does not trust the private CA
      g.send("PUT", "/admin/v1/connections/tools", TOKEN, connection(url, false, false));
      assertThat(call(g)).contains("\"error\"").contains("UPSTREAM_");
      assertThat(g.send("POST", "/admin/v1/connections/tools/validate", TOKEN, "").body())
          .contains("\"diagnosis\":\"UPSTREAM_TLS_FAILED\"");
      assertThat(up.requests()).hasSize(served);
    }
  }

  @Test
  void unreadable_certificates_and_keys_are_refused_without_quoting_them(@TempDir Path dir) {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      String badCa =
          connection("https://127.0.0.1:9/mcp", false, false)
              .replace("\"tls\":{}", "\"tls\":{\"ca\":\"not a certificate\"}");
      HttpResponse<String> r = g.send("POST", "/admin/v1/connections", TOKEN, badCa);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("INVALID_CONNECTION").contains("tls.ca");
      String badKey =
          connection("https://127.0.0.1:9/mcp", true, true)
              .replace(
                  JsonMapper.shared().writeValueAsString(CERTS.clientKeyPem()),
                  "\"-----BEGIN PRIVATE KEY-----\\nc2VjcmV0LWtleS1ieXRlcw==\\n-----END PRIVATE KEY-----\"");
      HttpResponse<String> k = g.send("POST", "/admin/v1/connections", TOKEN, badKey);
      assertThat(k.statusCode()).isEqualTo(400);
      assertThat(k.body()).contains("tls.clientKey").doesNotContain("c2VjcmV0LWtleS1ieXRlcw");
    }
  }
}
