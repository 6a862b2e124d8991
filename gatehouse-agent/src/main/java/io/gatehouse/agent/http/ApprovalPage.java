package io.gatehouse.agent.http;

import io.gatehouse.agent.approve.Approval;
import io.gatehouse.agent.approve.Approvals;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approval page of a held call, {@code /approvals/{id}}: {@code GET} shows the tool, the route
 * and the arguments with approve and deny buttons (the id is 128 random bits, known to the owner
 * and the approvers); {@code POST} answers, signed in the way the consent pages sign a browser in:
 * the approver's API key or token posted in the form (never in a URL), and a form posted from
 * another site refused by its {@code Origin}. No scripts, nothing loaded from elsewhere.
 */
public final class ApprovalPage implements HttpService {
  /** Where the pages are. */
  public static final String PREFIX = "/approvals";

  private final ApprovalDecisions decisions;
  private final Operators operators;
  private final Supplier<URI> publicUrl;

  public ApprovalPage(Supplier<Approvals> store, Operators operators, Supplier<URI> publicUrl) {
    this.decisions = new ApprovalDecisions(store);
    this.operators = operators;
    this.publicUrl = publicUrl;
  }

  /** The page of approval {@code id} under {@code base}. */
  public static String link(URI base, String id) {
    return (base == null ? "" : base.toString().replaceAll("/+$", "")) + PREFIX + "/" + id;
  }

  @Override
  public HttpResponse serve(HttpRequest r) {
    try {
      List<String> s = r.segments(PREFIX);
      if (s == null || s.size() != 1) {
        return failed(404, "NOT_FOUND", "Nothing is served here.");
      }
      return switch (r.method()) {
        case "GET", "HEAD" -> page(s.get(0));
        case "POST" -> answer(r, s.get(0));
        default -> failed(405, "METHOD_NOT_ALLOWED", "Use the form of the approval page.");
      };
    } catch (GatehouseException e) {
      return failed(
          e.error().httpStatus(), e.error().key(), e.getMessage() + ". " + e.error().hint());
    }
  }

  private HttpResponse page(String id) {
    Approval a = decisions.store().find(id).orElse(null);
    if (a == null || a.kind() != Approval.Kind.GATEWAY) {
      return failed(404, "NOT_FOUND", "There is no held call " + id + ".");
    }
    StringBuilder b = new StringBuilder();
    b.append("<p><b>")
        .append(esc(a.owner()))
        .append("</b> called tool <b>")
        .append(esc(a.tool()))
        .append("</b> on route <b>")
        .append(esc(String.valueOf(a.route())))
        .append("</b> (project <b>")
        .append(esc(a.project()))
        .append("</b>). The call waits for an approver.</p><p>Arguments:</p><pre>")
        .append(esc(pretty(a.arguments())))
        .append("</pre><p>State: <b>")
        .append(esc(a.state().name().toLowerCase(java.util.Locale.ROOT)))
        .append("</b>; it lapses at ")
        .append(esc(a.expiresAt().toString()))
        .append(".</p>");
    if (a.state() == Approval.State.PENDING) {
      b.append("<form method=\"post\"><label>Your API key or token <input type=\"password\"")
          .append(" name=\"credential\" autocomplete=\"off\" required></label>")
          .append("<label>Reason (optional) <input type=\"text\" name=\"reason\"")
          .append(" maxlength=\"1000\"></label>")
          .append("<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> ")
          .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>");
    } else if (a.decidedBy() != null) {
      b.append("<p>Answered by ").append(esc(a.decidedBy()));
      if (a.reason() != null) {
        b.append(": ").append(esc(a.reason()));
      }
      b.append("</p>");
    }
    return HttpResponse.html(200, layout("Approve a tool call", b.toString()));
  }

  private HttpResponse answer(HttpRequest r, String id) {
    String origin = r.header("Origin");
    if (origin != null && !origin.equals(origin(publicUrl.get()))) {
      // a form posted from another site: never answer on its behalf
      return failed(
          403, "FORBIDDEN_ORIGIN", "Answer from the approval page itself, not from another site.");
    }
    String credential = field(r.body(), "credential");
    Operator who =
        credential == null || credential.isBlank() ? null : operators.resolve(credential.trim());
    if (who == null) {
      return failed(
          401,
          "UNAUTHENTICATED",
          "That API key or token is not valid here. Go back and try again.");
    }
    String decision = field(r.body(), "decision");
    if (!"approve".equals(decision) && !"deny".equals(decision)) {
      return failed(400, "INVALID_REQUEST", "Choose Approve or Deny.");
    }
    Approval a = decisions.decide(who, id, decision.equals("approve"), field(r.body(), "reason"));
    return HttpResponse.html(
        200,
        layout(
            a.state() == Approval.State.APPROVED ? "Approved" : "Denied",
            "<p>Done: the call of <b>"
                + esc(a.tool())
                + "</b> is "
                + (a.state() == Approval.State.APPROVED
                    ? "approved and goes on to its server."
                    : "denied; its caller is told so.")
                + "</p>"));
  }

  /** {@code scheme://host[:port]} of {@code url}, as browsers send it in {@code Origin}. */
  static String origin(URI url) {
    if (url == null) {
      return "";
    }
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** One field of an {@code application/x-www-form-urlencoded} body, or null. */
  static String field(byte[] body, String name) {
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && HttpRequest.decode(pair.substring(0, eq), true).equals(name)) {
        return HttpRequest.decode(pair.substring(eq + 1), true);
      }
    }
    return null;
  }

  private static String pretty(String json) {
    try {
      return JsonMapper.shared()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(ApprovalsApi.arguments(json));
    } catch (RuntimeException e) {
      return String.valueOf(json);
    }
  }

  private static HttpResponse failed(int status, String key, String message) {
    return HttpResponse.html(
        status,
        layout(
            "Not answered",
            "<p>" + esc(message) + "</p><p>Error key: <code>" + esc(key) + "</code></p>"));
  }

  private static String layout(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + esc(title)
        + " · Gatehouse</title><style>body{font:16px system-ui,sans-serif;max-width:40em;"
        + "margin:4em auto;padding:0 1em}input{width:100%;margin:.5em 0}pre{background:#f4f4f4;"
        + "padding:1em;overflow:auto}</style></head><body><h1>"
        + esc(title)
        + "</h1>"
        + body
        + "</body></html>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
