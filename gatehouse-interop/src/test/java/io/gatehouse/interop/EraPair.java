package io.gatehouse.interop;

import java.util.List;

/**
 * The pairs of the era matrix: a TypeScript SDK client of one era, through the gateway, to an
 * upstream of one era; with what the gateway does in between, how the upstream's questions and
 * resource updates travel, and the scenarios the pair is expected to pass.
 *
 * <p>No pair leaves a scenario out: each feature exists in both eras, only carried differently (the
 * columns below), and the gateway's job is to carry it across. C and D need the forward and reverse
 * bridges; without them the gateway refuses the pair with {@code PROTOCOL_ERA_UNSUPPORTED}, and
 * every scenario fails at connect. E is D on a route left to {@code protocol: auto}: the gateway
 * learns from the upstream's refusal of {@code initialize} that it must bridge.
 */
enum EraPair {
  A(
      Client.V2_PINNED,
      Upstream.SDK_V2_SERVER,
      "stateless proxy",
      "input_required (MRTR) relayed as is",
      "subscriptions/listen relayed",
      EraScenarios.ALL),
  B(
      Client.V1,
      Upstream.SERVER_EVERYTHING,
      "session-era proxy",
      "server->client requests on the call's stream",
      "resources/subscribe, updates on the GET stream",
      EraScenarios.ALL),
  C(
      Client.V2_PINNED,
      Upstream.SERVER_EVERYTHING,
      "forward bridge",
      "the upstream's requests become input_required",
      "subscriptions/listen from resources/subscribe + the upstream's GET stream",
      EraScenarios.ALL),
  D(
      Client.V1,
      Upstream.SDK_V2_SERVER,
      "reverse bridge",
      "input_required becomes server->client requests",
      "resources/subscribe + GET stream from subscriptions/listen upstream",
      EraScenarios.ALL),
  E(
      Client.V1,
      Upstream.SDK_V2_SERVER_AUTO,
      "reverse bridge, chosen on the upstream's refusal of initialize",
      "input_required becomes server->client requests",
      "resources/subscribe + GET stream from subscriptions/listen upstream",
      EraScenarios.ALL);

  /** A client script and the protocol version it must end up speaking through the gateway. */
  enum Client {
    V1("sdk-v1", "era-matrix-v1-client.mjs", "2025-11-25"),
    V2_PINNED("sdk-v2-pinned", "era-matrix-v2-client.mjs", "2026-07-28");

    final String label;
    final String script;
    final String protocol;

    Client(String label, String script, String protocol) {
      this.label = label;
      this.script = script;
      this.protocol = protocol;
    }
  }

  /**
   * An upstream: its route (with the route's fixed {@code upstream.protocol}) and script profile.
   */
  enum Upstream {
    SERVER_EVERYTHING("server-everything", "everything", "everything", "2025-11-25"),
    SDK_V2_SERVER("sdk-v2-server", "modern", "era-matrix-server", "2026-07-28"),
    /** The same server on a route that leaves its era to detection. */
    SDK_V2_SERVER_AUTO("sdk-v2-server (auto)", "modern-auto", "era-matrix-server", "auto");

    final String label;
    final String route;
    final String profile;
    final String protocol;

    Upstream(String label, String route, String profile, String protocol) {
      this.label = label;
      this.route = route;
      this.profile = profile;
      this.protocol = protocol;
    }
  }

  final Client client;
  final Upstream upstream;
  final String gateway;
  final String questions;
  final String subscriptions;
  final List<String> scenarios;

  EraPair(
      Client client,
      Upstream upstream,
      String gateway,
      String questions,
      String subscriptions,
      List<String> scenarios) {
    this.client = client;
    this.upstream = upstream;
    this.gateway = gateway;
    this.questions = questions;
    this.subscriptions = subscriptions;
    this.scenarios = scenarios;
  }

  /** {@code A sdk-v2-pinned -> sdk-v2-server}. */
  String label() {
    return name() + " " + client.label + " -> " + upstream.label;
  }
}
