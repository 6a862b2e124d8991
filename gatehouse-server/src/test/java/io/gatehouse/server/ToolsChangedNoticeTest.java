package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST .../{name}/refresh} that finds the tools changed sends {@code
 * notifications/tools/list_changed} on the open streams of the routes that name the connection.
 */
class ToolsChangedNoticeTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String LIST_CHANGED = "notifications/tools/list_changed";
  static final String ROUTES =
      "routes:\n"
          + "  - name: search\n"
          + "    connection: tools\n"
          + "  - name: elsewhere\n"
          + "    connection: others\n";

  @TempDir Path dir;

  /** The events of a stream as they arrive, read on a thread of their own. */
  static final class Events {
    private static final SseEvent END = new SseEvent(null, "end", null, -1);
    private final BlockingQueue<SseEvent> queue = new LinkedBlockingQueue<>();

    Events(InputStream body) {
      SseReader reader = new SseReader(body);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                    queue.add(e);
                  }
                } catch (IOException e) {
                  // the stream broke: it ends here
                }
                queue.add(END);
              });
    }

    /** The next event with data, waiting up to 10 s; null when the stream ended first. */
    SseEvent nextMessage() throws InterruptedException {
      for (SseEvent e = next(); e != END; e = next()) {
        if (e.hasData()) {
          return e;
        }
      }
      return null;
    }

    /** The next event of any kind (a priming event has an id and no data). */
    SseEvent next() throws InterruptedException {
      SseEvent e = queue.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event within 10 s").isNotNull();
      return e;
    }

    /** The data of every event until the stream ends. */
    List<String> rest() throws InterruptedException {
      List<String> out = new ArrayList<>();
      for (SseEvent e = nextMessage(); e != null; e = nextMessage()) {
        out.add(e.dataAsString());
      }
      return out;
    }
  }

  static void create(RunningGatehouse gh, String name, URI url) {
    HttpResponse<String> r =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\"" + name + "\",\"url\":\"" + url + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  static boolean refresh(RunningGatehouse gh, String name) {
    HttpResponse<String> r =
        gh.send("POST", "/admin/v1/connections/" + name + "/refresh", TOKEN, "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(r.body()).path("toolsChanged").asBoolean();
  }

  static ScriptedUpstream.Tool text(String s) {
    return (c, out) -> out.result(ScriptedUpstream.text(s));
  }

  @Test
  void a_refresh_that_changed_the_tools_tells_the_get_streams_of_its_routes_and_no_other()
      throws Exception {
    AtomicReference<ScriptedUpstream.Script> tools = new AtomicReference<>();
    AtomicReference<ScriptedUpstream.Script> others = new AtomicReference<>();
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> tools.set(s.tool("first", text("1"))));
        ScriptedUpstream otherUp =
            ScriptedUpstream.start(s -> others.set(s.tool("first", text("1"))));
        RunningGatehouse gh = RunningGatehouse.start(dir, ROUTES)) {
      create(gh, "tools", up.url());
      create(gh, "others", otherUp.url());
      URI search = gh.route("search");
      String session = McpWire.open(search);
      HttpResponse<InputStream> get = McpWire.stream(McpWire.get(search, session));
      assertThat(get.statusCode()).isEqualTo(200);
      Events events = new Events(get.body());
      SseEvent priming = events.next();
      URI elsewhere = gh.route("elsewhere");
      String otherSession = McpWire.open(elsewhere);
      Events otherEvents = new Events(McpWire.stream(McpWire.get(elsewhere, otherSession)).body());
      otherEvents.next();

      boolean unchanged = refresh(gh, "tools");
      tools.get().tool("second", text("2"));
      boolean changed = refresh(gh, "tools");
      SseEvent told = events.nextMessage();
      others.get().tool("second", text("2"));
      boolean otherChanged = refresh(gh, "others");
      SseEvent otherTold = otherEvents.nextMessage();
      HttpResponse<String> deleted =
          McpWire.send(HttpRequest.newBuilder(search).DELETE().header("Mcp-Session-Id", session));

      assertThat(unchanged).isFalse();
      assertThat(changed).isTrue();
      assertThat(told.dataAsString()).contains(LIST_CHANGED).doesNotContain("\"id\"");
      assertThat(told.id()).as("an id to resume from").isNotBlank().isNotEqualTo(priming.id());
      assertThat(deleted.statusCode()).isEqualTo(200);
      // the unchanged refresh sent nothing: the one notice was the changed refresh's
      assertThat(events.rest()).isEmpty();
      // the other route's first message is its own connection's change, not this one's
      assertThat(otherChanged).isTrue();
      assertThat(otherTold.dataAsString()).contains(LIST_CHANGED);
    }
  }

  @Test
  void a_caller_that_resumes_its_get_stream_is_replayed_the_notice() throws Exception {
    AtomicReference<ScriptedUpstream.Script> tools = new AtomicReference<>();
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> tools.set(s.tool("first", text("1"))));
        RunningGatehouse gh = RunningGatehouse.start(dir, ROUTES)) {
      create(gh, "tools", up.url());
      URI search = gh.route("search");
      String session = McpWire.open(search);
      HttpResponse<InputStream> get = McpWire.stream(McpWire.get(search, session));
      Events events = new Events(get.body());
      SseEvent priming = events.next();
      tools.get().tool("second", text("2"));
      assertThat(refresh(gh, "tools")).isTrue();
      SseEvent told = events.nextMessage();
      get.body().close();

      Events resumed =
          new Events(
              McpWire.stream(McpWire.get(search, session).header("Last-Event-ID", priming.id()))
                  .body());
      SseEvent replayed = resumed.nextMessage();

      assertThat(replayed.id()).isEqualTo(told.id());
      assertThat(replayed.dataAsString()).contains(LIST_CHANGED);
    }
  }

  @Test
  void a_catalog_deployment_naming_the_connection_is_told_too() throws Exception {
    AtomicReference<ScriptedUpstream.Script> tools = new AtomicReference<>();
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> tools.set(s.tool("first", text("1"))));
        RunningGatehouse gh = RunningGatehouse.start(dir, "")) {
      create(gh, "tools", up.url());
      gh.send(
          "POST",
          "/v0.1/publish",
          TOKEN,
          "{\"name\":\"io.github.user/search\",\"description\":\"Search\",\"version\":\"1.0.0\"}");
      gh.send("POST", "/admin/v1/environments", TOKEN, "{\"name\":\"prod\",\"kind\":\"prod\"}");
      HttpResponse<String> deployed =
          gh.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              "{\"server\":\"io.github.user/search\",\"version\":\"1.0.0\","
                  + "\"environment\":\"prod\",\"route\":\"catalogued\",\"connection\":\"tools\"}");
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
      URI route = gh.route("catalogued");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gh.server().routes().current().route("catalogued") != null);
      String session = McpWire.open(route);
      Events events = new Events(McpWire.stream(McpWire.get(route, session)).body());
      events.next();

      tools.get().tool("second", text("2"));
      assertThat(refresh(gh, "tools")).isTrue();
      SseEvent told = events.nextMessage();

      assertThat(told.dataAsString()).contains(LIST_CHANGED);
    }
  }

  @Test
  void a_legacy_sse_caller_is_told_on_its_stream() throws Exception {
    AtomicReference<ScriptedUpstream.Script> tools = new AtomicReference<>();
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> tools.set(s.tool("first", text("1"))));
        RunningGatehouse gh = RunningGatehouse.start(dir, ROUTES)) {
      create(gh, "tools", up.url());
      HttpResponse<InputStream> sse =
          McpWire.stream(
              HttpRequest.newBuilder(gh.url("/mcp/search/sse"))
                  .header("Accept", "text/event-stream"));
      Events events = new Events(sse.body());
      URI messages = gh.url(events.nextMessage().dataAsString());
      McpWire.send(
          HttpRequest.newBuilder(messages)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(McpWire.initializeBody(1))));
      SseEvent initialized = events.nextMessage();
      McpWire.send(
          HttpRequest.newBuilder(messages)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      McpWire.notification("notifications/initialized"))));

      assertThat(refresh(gh, "tools")).isFalse();
      tools.get().tool("second", text("2"));
      assertThat(refresh(gh, "tools")).isTrue();
      SseEvent told = events.nextMessage();

      assertThat(initialized.dataAsString()).contains("\"id\":1");
      assertThat(told.event()).isEqualTo("message");
      assertThat(told.dataAsString()).contains(LIST_CHANGED);
      sse.body().close();
    }
  }
}
