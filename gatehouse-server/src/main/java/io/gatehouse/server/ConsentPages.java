package io.gatehouse.server;

import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.consent.Consents;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Principal;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages a person sees while consenting to a per-user connection. {@code GET
 * /oauth/consent/{id}} asks them to sign in to Gatehouse (their API key or token, posted, never in
 * a URL); {@code POST} checks they are the user the link was issued for and sends them to the
 * authorization server; {@code GET /oauth/callback} finishes and says it is done, or says why not,
 * with the error's key.
 */
final class ConsentPages implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(ConsentPages.class);

  /** The cookie that ties a consent to the browser that started it. */
  static final String COOKIE = "gatehouse_consent";

  private final Consents consents;
  private final Function<String, Principal> signIn;

  /**
   * @param signIn who an API key or token names, or null when it names nobody
   */
  ConsentPages(Consents consents, Function<String, Principal> signIn) {
    this.consents = consents;
    this.signIn = signIn;
  }

  @Override
  public HttpResponse serve(HttpRequest r) {
    try {
      List<String> s = r.segments("/oauth");
      if (s != null && s.size() == 2 && s.get(0).equals("consent")) {
        return r.method().equals("POST") ? start(r, s.get(1)) : page(s.get(1));
      }
      if (s != null && s.size() == 1 && s.get(0).equals("callback")) {
        return callback(r);
      }
      return failed(404, "NOT_FOUND", "Nothing is served here.");
    } catch (GatehouseException e) {
      return failed(
          e.error().httpStatus(), e.error().key(), e.getMessage() + ". " + e.error().hint());
    }
  }

  private HttpResponse page(String id) {
    Consents.Pending p = consents.pending(id);
    return HttpResponse.html(
        200,
        layout(
            "Connect " + p.connection(),
            "<p>Gatehouse asks for your consent to reach <b>"
                + esc(p.connection())
                + "</b> (project <b>"
                + esc(p.project())
                + "</b>) on your behalf.</p>"
                + "<p>Sign in to Gatehouse first, with the API key or token your MCP client uses."
                + " Then the service's own sign-in page asks you to allow access.</p>"
                + "<form method=\"post\"><label>API key or token <input type=\"password\""
                + " name=\"credential\" autocomplete=\"off\" required></label>"
                + " <button type=\"submit\">Continue</button></form>"));
  }

  private HttpResponse start(HttpRequest r, String id) {
    String origin = r.header("Origin");
    if (origin != null && !origin.equals(consents.origin())) {
      // a form posted from another site: never sign anyone in on its behalf
      return failed(
          403, "FORBIDDEN_ORIGIN", "Sign in from the consent page itself, not from another site.");
    }
    String credential = field(r.body(), "credential");
    Principal who = credential == null ? null : signIn.apply(credential.trim());
    if (who == null) {
      return failed(
          401,
          "UNAUTHENTICATED",
          "That API key or token is not valid here. Go back and try again.");
    }
    Consents.Started started = consents.start(id, who.id());
    log.info("consent: {} started a consent", who.id());
    return HttpResponse.empty(303)
        .header("Location", started.authorizationUrl().toString())
        .header("Cache-Control", "no-store")
        .header(
            "Set-Cookie",
            COOKIE
                + "="
                + started.browserNonce()
                + "; Path=/oauth/; Max-Age="
                + Consents.LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax"
                + (consents.secure() ? "; Secure" : ""));
  }

  /** The nonce the browser that started a consent keeps, or null. */
  static String cookie(HttpRequest r) {
    String header = r.header("Cookie");
    if (header == null) {
      return null;
    }
    for (String pair : header.split(";")) {
      String p = pair.trim();
      if (p.startsWith(COOKIE + "=")) {
        return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  private HttpResponse callback(HttpRequest r) {
    try {
      Consents.Granted g =
          consents.finish(
              r.query("state"), r.query("code"), r.query("error"), r.query("iss"), cookie(r));
      log.info("consent: {} consented to {}/{}", g.user(), g.project(), g.connection());
      return HttpResponse.html(
          200,
          layout(
              "Connected",
              "<p>Done: <b>"
                  + esc(g.connection())
                  + "</b> is connected for you. Go back to your MCP client and try again.</p>"));
    } catch (McpFailure f) {
      return failed(502, f.error().key(), f.getMessage());
    }
  }

  private static HttpResponse failed(int status, String key, String message) {
    return HttpResponse.html(
        status,
        layout(
            "Not connected",
            "<p>" + esc(message) + "</p><p>Error key: <code>" + esc(key) + "</code></p>"));
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

  private static String layout(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + esc(title)
        + " · Gatehouse</title><style>body{font:16px system-ui,sans-serif;max-width:36em;"
        + "margin:4em auto;padding:0 1em}input{width:100%;margin:.5em 0}</style></head><body><h1>"
        + esc(title)
        + "</h1>"
        + body
        + "</body></html>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
