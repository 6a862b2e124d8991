package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP of an {@link McpClient}: requests carry the connection's headers and query, redirects
 * are never followed, answers are bounded, and each way a request fails is a {@link McpFailure}.
 */
final class UpstreamHttp {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final int MAX_ANSWER = 8 * 1024 * 1024;
  private static final HttpClient HTTP = TlsClients.builder().build();

  private final McpClient.Options options;
  private final HttpClient client;

  UpstreamHttp(McpClient.Options options) throws McpFailure {
    this.options = options;
    this.client = TlsClients.of(options.tls(), options.proxy(), HTTP);
  }

  /**
   * {@code proxy} with its host resolved through {@code egress} (a refused address is {@code
   * EGRESS_FORBIDDEN}), so the client connects to the checked address; null stays null.
   */
  static UpstreamProxy checkedProxy(Egress egress, UpstreamProxy proxy) throws McpFailure {
    if (proxy == null) {
      return null;
    }
    try {
      InetAddress at = egress.resolve(proxy.host()).getFirst();
      return new UpstreamProxy(at.getHostAddress(), proxy.port(), proxy.credential());
    } catch (UnknownHostException e) {
      throw new McpFailure(Diagnosis.DNS_FAILED, "the proxy " + proxy.host() + " does not resolve");
    } catch (GatehouseException e) {
      throw new McpFailure(Diagnosis.EGRESS_FORBIDDEN, e.getMessage());
    }
  }

  /** Whether {@code egress} lets the client reach {@code url}'s host. */
  static void checkEgress(Egress egress, URI url) throws McpFailure {
    try {
      egress.resolve(url.getHost());
    } catch (UnknownHostException e) {
      throw new McpFailure(Diagnosis.DNS_FAILED, url.getHost() + " does not resolve");
    } catch (GatehouseException e) {
      throw new McpFailure(Diagnosis.EGRESS_FORBIDDEN, e.getMessage());
    }
  }

  /** A request to {@code url} with the connection's query, headers and timeout. */
  HttpRequest.Builder request(URI url) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(withQuery(url, options.query())).timeout(options.timeout());
    options.headers().forEach(b::header);
    return b;
  }

  HttpResponse<InputStream> send(HttpRequest r, URI url) throws McpFailure {
    return send(r, url, false);
  }

  /**
   * Sends {@code r}; with {@code safe} (a request that changes nothing upstream, such as a list or
   * {@code server/discover}), a connection that closes before any answer is tried once more on a
   * new one: a kept-alive connection the server closed as it was reused (Node closes idle ones
   * after 5 s) loses the request without the server having seen it.
   */
  HttpResponse<InputStream> send(HttpRequest r, URI url, boolean safe) throws McpFailure {
    HttpResponse<InputStream> answer;
    try {
      answer = exchange(r, url, safe);
    } catch (IOException | InterruptedException e) {
      throw failure(e, url);
    }
    if (answer.statusCode() == 407 && options.proxy() != null) {
      if (answer.body() != null) { // the JDK gives none for a refused tunnel
        close(answer.body());
      }
      throw ProxyFailures.asksCredentials(options.proxy(), url);
    }
    return answer;
  }

  private HttpResponse<InputStream> exchange(HttpRequest r, URI url, boolean safe)
      throws IOException, InterruptedException {
    try {
      return client.send(r, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      if (!safe
          || e instanceof HttpTimeoutException
          || e instanceof ConnectException
          || causedBy(e, SSLException.class)) {
        throw e;
      }
      // Some proxies (tinyproxy) close their side after each forwarded request without saying
      // so, and the JDK sends the next one on that kept-alive connection: it ends before an
      // answer, unread. Once more, on a new connection, for requests that are safe to repeat
      // (never a tools/call: it may have run).
      return client.send(r, HttpResponse.BodyHandlers.ofInputStream());
    }
  }

  private McpFailure failure(Exception e, URI url) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new McpFailure(Diagnosis.TIMEOUT, "interrupted");
    }
    if (e instanceof HttpTimeoutException) {
      return new McpFailure(Diagnosis.TIMEOUT, url + " did not answer in time");
    }
    McpFailure viaProxy = ProxyFailures.of(options.proxy(), url, e);
    if (viaProxy != null) {
      return viaProxy;
    }
    if (e instanceof ConnectException) {
      return new McpFailure(
          Diagnosis.CONNECTION_REFUSED,
          url.getHost() + ":" + port(url) + " refused the connection");
    }
    if (causedBy(e, SSLException.class)) {
      return new McpFailure(Diagnosis.TLS_FAILED, url + ": the TLS handshake failed");
    }
    return new McpFailure(
        Diagnosis.NOT_MCP, url + " is not an MCP endpoint: the connection closed before an answer");
  }

  /** A JSON body of at most {@value #MAX_ANSWER} bytes, or null when it is not JSON. */
  JsonNode readJson(InputStream in, URI url) throws McpFailure {
    Deadline deadline = Deadline.closing(in, options.timeout());
    try (in) {
      return parse(in.readNBytes(MAX_ANSWER));
    } catch (IOException e) {
      if (deadline.passed()) {
        throw new McpFailure(Diagnosis.TIMEOUT, url + " did not answer in time");
      }
      return null;
    } finally {
      deadline.cancel();
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  static int port(URI url) {
    return url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  static URI withQuery(URI url, Map<String, String> query) {
    if (query.isEmpty()) {
      return url;
    }
    StringBuilder s = new StringBuilder(url.toString());
    boolean has = url.getRawQuery() != null;
    for (Map.Entry<String, String> e : query.entrySet()) {
      s.append(has ? '&' : '?');
      has = true;
      s.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return URI.create(s.toString());
  }
}
