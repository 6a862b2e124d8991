package io.gatehouse.observe.http;

import static io.gatehouse.http.AdminRequests.method;
import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.http.AdminRequests;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.observe.usage.Dimension;
import io.gatehouse.observe.usage.Usage;
import io.gatehouse.observe.usage.UsageQuery;
import io.gatehouse.observe.usage.UsageRow;
import io.gatehouse.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /admin/v1/usage?from=&to=&bucket=1h&group_by=consumer,tool&method=}: calls, errors,
 * refusals and p50/p95 latency per bucket and group, from the audit records. {@code to} defaults to
 * now, {@code from} to a day before {@code to}.
 */
public final class UsageAdminApi implements HttpService {
  private static final String PREFIX = "/admin/v1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Usage usage;
  private final Operators operators;
  private final Clock clock;

  public UsageAdminApi(Usage usage, Operators operators, Clock clock) {
    this.usage = requireNonNull(usage, "usage");
    this.operators = requireNonNull(operators, "operators");
    this.clock = requireNonNull(clock, "clock");
  }

  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && s.get(0).equals("usage");
  }

  @Override
  public HttpResponse serve(HttpRequest r) {
    try {
      return answer(r);
    } catch (StoreException e) {
      throw new GatehouseException(Errors.STORE_UNAVAILABLE, "the store failed: " + e.code());
    }
  }

  private HttpResponse answer(HttpRequest r) {
    Operator op = AdminRequests.operator(r, operators);
    method(r, "GET");
    if (r.segments(PREFIX).size() != 1) {
      throw new GatehouseException(
          Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/audit-and-usage.md");
    }
    Set<String> projects = Readers.projects(op, "read usage");
    Instant to = Params.instant(r, "to");
    to = to == null ? clock.instant() : to;
    Instant from = Params.instant(r, "from");
    from = from == null ? to.minus(Duration.ofDays(1)) : from;
    Duration bucket = Params.duration(r, "bucket", Duration.ofHours(1));
    String method = r.query("method");
    UsageQuery q =
        new UsageQuery(
            from,
            to,
            bucket,
            groupBy(r.query("group_by")),
            method == null || method.isEmpty() ? null : method,
            projects);
    List<UsageRow> rows = usage.compute(q);
    ObjectNode body = JSON.createObjectNode();
    body.put("from", from.toString()).put("to", to.toString()).put("bucket", bucket.toString());
    ArrayNode g = body.putArray("groupBy");
    q.groupBy().forEach(d -> g.add(d.wireName()));
    ArrayNode out = body.putArray("usage");
    for (UsageRow row : rows) {
      ObjectNode n = out.addObject();
      n.put("bucket", row.bucket().toString());
      for (int i = 0; i < q.groupBy().size(); i++) {
        n.put(q.groupBy().get(i).wireName(), row.group().get(i));
      }
      n.put("calls", row.calls()).put("errors", row.errors()).put("refusals", row.refusals());
      n.put("p50Ms", row.p50Millis()).put("p95Ms", row.p95Millis());
    }
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }

  private static List<Dimension> groupBy(String value) {
    List<Dimension> out = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    for (String name : value.split(",")) {
      Dimension d = Dimension.fromWire(name.trim());
      if (d == null) {
        throw Params.invalid(
            "group_by", value, "a list of consumer, project, route, tool, method, comma-separated");
      }
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    return out;
  }
}
