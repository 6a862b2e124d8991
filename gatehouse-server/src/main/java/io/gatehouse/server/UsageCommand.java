package io.gatehouse.server;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse usage}: asks a running Gatehouse's admin API ({@code GET /admin/v1/usage}) and
 * prints one line per bucket and group. It reads the server, not the store, so it sees what the API
 * lets its credential see (the admin token: everything; a project owner's key: that project).
 */
final class UsageCommand {
  static final String TOKEN_ENV = "GATEHOUSE_ADMIN_TOKEN";

  private static final Cli.Option TOKEN =
      new Cli.Option(
          "token",
          "t",
          "TOKEN",
          "the admin token or an owner's API key (default: $GATEHOUSE_ADMIN_TOKEN)");
  private static final Cli.Option FROM =
      new Cli.Option(
          "from", "f", "TIME", "start, such as 2026-12-07T00:00:00Z (default: a day before --to)");
  private static final Cli.Option TO = new Cli.Option("to", null, "TIME", "end (default: now)");
  private static final Cli.Option BUCKET =
      new Cli.Option("bucket", "b", "DURATION", "bucket length: 5m, 1h, 1d (default: 1h)");
  private static final Cli.Option GROUP_BY =
      new Cli.Option(
          "group-by", "g", "LIST", "consumer, project, route, tool, method; comma-separated");
  private static final Cli.Option METHOD =
      new Cli.Option("method", "m", "METHOD", "only this JSON-RPC method, such as tools/call");

  private UsageCommand() {}

  static Cli.Command command() {
    return Cli.Command.of(
        "usage",
        "Calls, errors, refusals and p50/p95 latency per bucket and group, from a running server.",
        List.of(Cli.SERVER_URL, TOKEN, FROM, TO, BUCKET, GROUP_BY, METHOD),
        null,
        0,
        UsageCommand::run);
  }

  private static int run(Cli.Args a, PrintWriter out, PrintWriter err) throws Exception {
    String base = Cli.serverUrl(a.get("url"));
    String token = Cli.first(a.get("token"), System.getenv(TOKEN_ENV), null);
    if (token == null) {
      err.println("gatehouse: usage needs --token or " + TOKEN_ENV + " (the admin token)");
      return 2;
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("from", a.get("from"));
    query.put("to", a.get("to"));
    query.put("bucket", a.get("bucket"));
    query.put("group_by", a.get("group-by"));
    query.put("method", a.get("method"));
    URI uri = URI.create(base.replaceAll("/+$", "") + "/admin/v1/usage" + queryString(query));
    HttpResponse<String> r;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      err.println("gatehouse: " + base + " did not answer: " + e.getMessage());
      return 1;
    }
    JsonNode body = JsonMapper.shared().readTree(r.body());
    if (r.statusCode() != 200) {
      JsonNode e = body.path("error");
      err.println(
          "gatehouse: "
              + e.path("code").asString("HTTP " + r.statusCode())
              + ": "
              + e.path("message").asString());
      return 1;
    }
    print(body, out);
    return 0;
  }

  private static void print(JsonNode body, PrintWriter out) {
    List<String> groups = new ArrayList<>();
    body.path("groupBy").forEach(g -> groups.add(g.asString()));
    StringBuilder head = new StringBuilder(String.format("%-20s", "BUCKET"));
    groups.forEach(g -> head.append(String.format(" %-24s", g.toUpperCase(java.util.Locale.ROOT))));
    head.append(
        String.format(" %8s %8s %8s %10s %10s", "CALLS", "ERRORS", "REFUSED", "P50_MS", "P95_MS"));
    out.println(head);
    for (JsonNode row : body.path("usage")) {
      StringBuilder line = new StringBuilder(String.format("%-20s", row.path("bucket").asString()));
      groups.forEach(g -> line.append(String.format(" %-24s", row.path(g).asString("-"))));
      line.append(
          String.format(
              " %8d %8d %8d %10.3f %10.3f",
              row.path("calls").asLong(),
              row.path("errors").asLong(),
              row.path("refusals").asLong(),
              row.path("p50Ms").asDouble(),
              row.path("p95Ms").asDouble()));
      out.println(line);
    }
  }

  private static String queryString(Map<String, String> query) {
    StringBuilder s = new StringBuilder();
    query.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            s.append(s.isEmpty() ? '?' : '&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return s.toString();
  }
}
