package io.gatehouse.policy.validate;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.KnownTools;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.policy.traffic.TrafficPart;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request validation as a traffic part: reads the {@code validation} section at route and tool
 * scope, and gives every route a {@link RequestValidation} (phase {@code VALIDATE}) and a {@link
 * ResponseValidation} (phase {@code RESPONSE}) that learns the route's tools from its {@code
 * tools/list} answers. What is learned lives here, per route name, so it outlives a route being
 * published again; it is also what {@link KnownTools} answers from, for the parts that must bound
 * tool names (metrics, counters).
 */
public final class ValidationPart implements TrafficPart, KnownTools {
  private static final ValidationSection SECTION = new ValidationSection();

  private final Map<String, ToolSchemas> schemas = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> unvalidated = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  /**
   * @param meters where the count of calls that went upstream unvalidated is registered, per route
   */
  public ValidationPart(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public List<String> sections() {
    return List.of(SECTION.name());
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    Problems mine = new Problems();
    Scoped<ValidationSettings> settings = Scoped.read(tree, SECTION, mine);
    if (!mine.isEmpty()) {
      mine.list().forEach(p -> problems.add(p.path(), p.message()));
      return;
    }
    if (!settings.route().enabled() && !settings.toolSpecific()) {
      return; // validation.enabled: false for the whole route: nothing bound, nothing learned
    }
    String name = route.name();
    ToolSchemas learned = schemas.computeIfAbsent(name, ToolSchemas::new);
    LongAdder passed = unvalidated.computeIfAbsent(name, this::counter);
    byPhase.get(Phase.VALIDATE).add(new RequestValidation(name, settings, learned, passed));
    byPhase.get(Phase.RESPONSE).add(new ResponseValidation(name, settings, learned));
  }

  private LongAdder counter(String route) {
    LongAdder a = new LongAdder();
    FunctionCounter.builder("gatehouse.validation.unvalidated.calls", a, LongAdder::sum)
        .description("tools/call requests passed upstream before the tool's schema was known")
        .tag("route", route)
        .register(meters);
    return a;
  }

  @Override
  public boolean isKnown(String route, String tool) {
    ToolSchemas s = schemas.get(route);
    return s != null && tool != null && s.isKnown(tool);
  }

  /**
   * How many {@code tools/call} requests on {@code route} went upstream unchecked because the
   * tool's schema was not known yet (not listed since the start or since the last {@code
   * list_changed}), with argument validation on.
   */
  public long unvalidatedCalls(String route) {
    LongAdder a = unvalidated.get(route);
    return a == null ? 0 : a.sum();
  }
}
