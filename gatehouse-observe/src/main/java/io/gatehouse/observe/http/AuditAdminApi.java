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
import io.gatehouse.observe.audit.AuditJson;
import io.gatehouse.observe.audit.AuditPage;
import io.gatehouse.observe.audit.AuditQuery;
import io.gatehouse.observe.audit.AuditRecord;
import io.gatehouse.observe.audit.AuditStore;
import io.gatehouse.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log's admin API: {@code GET /admin/v1/audit} pages through the records newest first
 * ({@code route, principal, tool, decision, key, since, until} filters; {@code limit} and a stable
 * {@code cursor}), and {@code GET /admin/v1/audit/export} answers the same selection as JSON lines
 * ({@code application/x-ndjson}), up to {@link #MAX_EXPORT} records per answer with the cursor of
 * the rest in {@value #NEXT_CURSOR}.
 */
public final class AuditAdminApi implements HttpService {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  public static final int DEFAULT_EXPORT = 10_000;
  public static final int MAX_EXPORT = 100_000;

  /** The header of an export that stopped at its limit: the cursor to continue with. */
  public static final String NEXT_CURSOR = "Gatehouse-Next-Cursor";

  private static final String PREFIX = "/admin/v1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AuditStore store;
  private final Operators operators;

  public AuditAdminApi(AuditStore store, Operators operators) {
    this.store = requireNonNull(store, "store");
    this.operators = requireNonNull(operators, "operators");
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/audit...}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && s.get(0).equals("audit");
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
    List<String> s = r.segments(PREFIX);
    Operator op = AdminRequests.operator(r, operators);
    method(r, "GET");
    if (s.size() == 1) {
      return page(r, Readers.projects(op, "read the audit log"));
    }
    if (s.size() == 2 && s.get(1).equals("export")) {
      return export(r, Readers.projects(op, "export the audit log"));
    }
    throw new GatehouseException(
        Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/audit-and-usage.md");
  }

  private HttpResponse page(HttpRequest r, Set<String> projects) {
    int limit = Params.integer(r, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    AuditPage page = store.page(Params.auditQuery(r, projects, limit, Params.position(r)));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode records = body.putArray("records");
    page.records().forEach(rec -> records.add(AuditJson.of(rec)));
    body.put("next", Params.cursor(page.next()));
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }

  private HttpResponse export(HttpRequest r, Set<String> projects) {
    int limit = Params.integer(r, "limit", DEFAULT_EXPORT, 1, MAX_EXPORT);
    AuditQuery q = Params.auditQuery(r, projects, 1, Params.position(r));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = 0;
    AuditQuery.Position after = q.after();
    boolean more;
    while (true) {
      AuditPage page = store.page(q.page(Math.min(MAX_LIMIT, limit - n), after));
      for (AuditRecord rec : page.records()) {
        out.writeBytes(AuditJson.line(rec).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        n++;
      }
      after = page.next();
      more = after != null;
      if (!more || n >= limit) {
        break;
      }
    }
    HttpResponse answer =
        HttpResponse.json(200, out.toByteArray())
            .header("Content-Disposition", "attachment; filename=\"audit.ndjson\"");
    replaceType(answer);
    if (more) {
      answer.header(NEXT_CURSOR, Params.cursor(after));
    }
    return answer;
  }

  private static void replaceType(HttpResponse answer) {
    answer.headers().removeIf(h -> h.getKey().equalsIgnoreCase("Content-Type"));
    answer.header("Content-Type", "application/x-ndjson");
  }
}
