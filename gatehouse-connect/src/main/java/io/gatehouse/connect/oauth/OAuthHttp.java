package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.TlsClients;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The HTTP the OAuth classes share: every host checked by {@link Egress} before a connection,
 * redirects never followed, bounded answers read as JSON, failures as {@link McpFailure}.
 */
final class OAuthHttp {
  static final Charset UTF_8 = StandardCharsets.UTF_8;
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final int MAX_ANSWER = 1024 * 1024;
  private static final HttpClient HTTP = TlsClients.builder().build();

  /** An answer: its status, headers and body read as JSON (missing when it is not JSON). */
  record Answer(int status, HttpHeaders headers, JsonNode json) {}

  private final Egress egress;
  private final Duration timeout;

  OAuthHttp(Egress egress, Duration timeout) {
    this.egress = requireNonNull(egress, "egress");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  HttpRequest.Builder formPost(URI url) {
    return HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
  }

  /** POSTs {@code form} url-encoded with the builder's headers. */
  Answer send(HttpRequest.Builder b, Map<String, String> form, URI url) throws McpFailure {
    b.POST(HttpRequest.BodyPublishers.ofString(form(form)));
    return exchange(b.build(), url);
  }

  /** POSTs a JSON document (dynamic client registration). */
  Answer postJson(URI url, JsonNode body) throws McpFailure {
    HttpRequest r =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    return exchange(r, url);
  }

  /** GETs {@code url}, with {@code headers}. */
  Answer get(URI url, Map<String, String> headers) throws McpFailure {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).GET();
    b.header("Accept", "application/json");
    headers.forEach(b::header);
    return exchange(b.build(), url);
  }

  private Answer exchange(HttpRequest r, URI url) throws McpFailure {
    checkEgress(url);
    try {
      HttpResponse<byte[]> a = HTTP.send(r, info -> bounded());
      return new Answer(a.statusCode(), a.headers(), parse(a.body()));
    } catch (HttpTimeoutException e) {
      throw new McpFailure(Diagnosis.TIMEOUT, url + " did not answer in time");
    } catch (ConnectException e) {
      throw new McpFailure(Diagnosis.CONNECTION_REFUSED, url.getAuthority() + " refused");
    } catch (IOException e) {
      throw new McpFailure(Diagnosis.UPSTREAM_ERROR, url + ": the connection closed early");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpFailure(Diagnosis.TIMEOUT, "interrupted");
    }
  }

  void checkEgress(URI url) throws McpFailure {
    if (url.getHost() == null) {
      throw new McpFailure(Diagnosis.NOT_MCP, url + " has no host");
    }
    try {
      egress.resolve(url.getHost());
    } catch (UnknownHostException e) {
      throw new McpFailure(Diagnosis.DNS_FAILED, url.getHost() + " does not resolve");
    } catch (GatehouseException e) {
      throw new McpFailure(Diagnosis.EGRESS_FORBIDDEN, e.getMessage());
    }
  }

  private static HttpResponse.BodySubscriber<byte[]> bounded() {
    return HttpResponse.BodySubscribers.mapping(
        HttpResponse.BodySubscribers.ofInputStream(),
        in -> {
          try (in) {
            return in.readNBytes(MAX_ANSWER);
          } catch (IOException e) {
            return new byte[0];
          }
        });
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? MissingNode.getInstance() : n;
    } catch (RuntimeException e) {
      return MissingNode.getInstance();
    }
  }

  static String form(Map<String, String> form) {
    StringJoiner s = new StringJoiner("&");
    form.forEach((k, v) -> s.add(formEncode(k) + "=" + formEncode(v)));
    return s.toString();
  }

  static String formEncode(String v) {
    return URLEncoder.encode(v, UTF_8);
  }

  /**
   * Text from an authorization server, cut to 200 characters and with the client's secret removed
   * should the server echo it.
   */
  static String scrub(String text, ClientAuth auth) {
    return scrub(text, auth, Map.of());
  }

  /** Form fields whose values are secrets, which a server's error text must never carry on. */
  private static final java.util.Set<String> SECRET_FIELDS =
      java.util.Set.of(
          "code",
          "code_verifier",
          "refresh_token",
          "client_secret",
          "client_assertion",
          "assertion",
          "subject_token",
          "actor_token",
          "password");

  /**
   * {@code text} (a server's error) without the client's secret and without any secret value of the
   * request's {@code form}, then cut to 200 characters (cut after, so no part of a secret is left
   * at the cut).
   */
  static String scrub(String text, ClientAuth auth, Map<String, String> form) {
    if (text == null) {
      return null;
    }
    String t = text;
    String secret =
        switch (auth) {
          case ClientAuth.Basic a -> a.secret().reveal();
          case ClientAuth.Post a -> a.secret().reveal();
          default -> null;
        };
    if (secret != null && !secret.isEmpty()) {
      t = t.replace(secret, "***");
    }
    for (Map.Entry<String, String> f : form.entrySet()) {
      if (SECRET_FIELDS.contains(f.getKey()) && f.getValue() != null && !f.getValue().isEmpty()) {
        t = t.replace(f.getValue(), "***");
      }
    }
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
