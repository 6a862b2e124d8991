package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Principal;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One HTTP request to an MCP endpoint on its way through the policies: the route, what the request
 * does ({@link Entry}), the message it carries (its envelope and its original bytes) if any, the
 * session, the caller's headers and address, who is calling once a policy has authenticated them,
 * and typed attributes policies attach for each other.
 */
public final class McpExchange {
  /** What the HTTP request does. */
  public enum Entry {
    /** A POST carrying one JSON-RPC message (Streamable HTTP, or a legacy client's /messages). */
    MESSAGE,
    /** A GET opening or resuming the server-to-client stream of a session. */
    STREAM,
    /** A DELETE ending a session. */
    DELETE,
    /** A legacy client's GET /sse opening its one event stream. */
    SSE_CONNECT
  }

  private static final byte[] NO_BODY = new byte[0];

  private final RouteDefinition route;
  private final Entry entry;
  private final JsonRpcMessage message;
  private final byte[] body;
  private final SessionToken session;
  private final String sessionId;
  private final UnaryOperator<String> headers;
  private final InetSocketAddress remote;
  private final long startNanos;
  private Map<AttributeKey<?>, Object> attributes;
  // Volatile, not an attribute: a policy may authenticate on a virtual thread (Verdict.blocking)
  // while the caller's event loop reads the exchange. The id is made once with it, as the session
  // binding, the limits and the logs each ask for it.
  private volatile Caller caller;
  // What the last upstream request of this exchange saw; written and read on the caller's loop.
  private long upstreamSentNanos;
  private boolean sentUpstream;
  private int upstreamStatus;
  private long upstreamNanos = -1;
  // Headers policies add to the answer; concurrent, as an async or blocking decision adds them off
  // the event loop. Created on first use, and carried to the copy that opens the session.
  private volatile Map<String, String> answerHeaders;
  // Where sendToCaller writes: set by the gateway for a request whose caller takes event streams.
  private volatile java.util.function.Consumer<byte[]> callerChannel;

  private McpExchange(
      McpExchange base,
      JsonRpcMessage message,
      byte[] body,
      SessionToken session,
      String sessionId) {
    this.route = base.route;
    this.entry = base.entry;
    this.message = message;
    this.body = body;
    this.session = session;
    this.sessionId = sessionId;
    this.headers = base.headers;
    this.remote = base.remote;
    this.startNanos = base.startNanos;
    this.caller = base.caller;
    this.answerHeaders = base.answerHeaders;
    this.attributes = base.attributes == null ? new HashMap<>(4) : base.attributes;
    base.attributes = this.attributes;
  }

  private McpExchange(Builder b) {
    this.route = requireNonNull(b.route, "route");
    this.entry = requireNonNull(b.entry, "entry");
    this.message = b.message;
    this.body = b.body == null ? NO_BODY : b.body;
    this.session = b.session;
    this.sessionId = b.sessionId;
    this.headers = b.headers == null ? name -> null : b.headers;
    this.remote = b.remote;
    this.startNanos = System.nanoTime();
    if (entry == Entry.MESSAGE) {
      requireNonNull(message, "message");
    }
  }

  /**
   * The same exchange once its session is known (the gateway opens it after the HTTP-level
   * policies, so a caller without credentials is refused before its session id is looked at).
   * Attributes are shared.
   */
  public McpExchange withSession(SessionToken session, String sessionId) {
    return new McpExchange(this, message, body, session, sessionId);
  }

  /**
   * The same exchange carrying another message upstream, in the upstream session {@code session}:
   * the era bridge sends a 2026-07-28 caller's request under an id of its own and without the
   * per-request envelope, and answers the upstream's own requests. Attributes and the principal are
   * shared, so the upstream phase sees what the caller's policies set.
   */
  public McpExchange withMessage(JsonRpcMessage message, byte[] body, SessionToken session) {
    return new McpExchange(
        this, requireNonNull(message, "message"), requireNonNull(body, "body"), session, null);
  }

  public static Builder builder(RouteDefinition route, Entry entry) {
    return new Builder(route, entry);
  }

  public RouteDefinition route() {
    return route;
  }

  public Entry entry() {
    return entry;
  }

  /** The message of a {@link Entry#MESSAGE} exchange, or null. */
  public JsonRpcMessage message() {
    return message;
  }

  /** The message exactly as received; empty when there is none. Do not modify. */
  public byte[] body() {
    return body;
  }

  /** The session, or null while initializing and for a legacy stream before its initialize. */
  public SessionToken session() {
    return session;
  }

  /** The caller's session id as sent, or null. */
  public String sessionId() {
    return sessionId;
  }

  /**
   * A request header, case-insensitively, or null; a field sent on several lines comes back as one
   * value, the lines joined by {@code ", "}.
   */
  public String header(String name) {
    return headers.apply(name);
  }

  /** The peer the caller's connection comes from. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /**
   * The caller's address as the gateway-wide address policy worked it out (the connection's peer,
   * or what a trusted proxy says), set by that policy; absent where none ran.
   */
  public static final AttributeKey<InetAddress> CALLER_ADDRESS =
      AttributeKey.of("caller-address", InetAddress.class);

  /** The caller's address: {@link #CALLER_ADDRESS} where it was worked out, else the peer's. */
  public InetAddress callerAddress() {
    InetAddress resolved = attr(CALLER_ADDRESS);
    return resolved != null || remote == null ? resolved : remote.getAddress();
  }

  public long startNanos() {
    return startNanos;
  }

  /** Who is calling, as an authentication policy established it; null for an anonymous caller. */
  public Principal principal() {
    Caller c = caller;
    return c == null ? null : c.principal();
  }

  /**
   * Records who is calling; an authentication policy calls this once it has checked the credential.
   * The session the exchange opens or uses is bound to {@link Principal#id()}.
   */
  public void authenticated(Principal principal) {
    this.caller = principal == null ? null : new Caller(principal, principal.id());
  }

  /** What a session opened by this exchange is bound to: the principal's id, empty if anonymous. */
  public String principalId() {
    Caller c = caller;
    return c == null ? "" : c.id();
  }

  private record Caller(Principal principal, String id) {}

  /**
   * The gateway records here that it sends a request of this exchange upstream (the last one
   * counts: a retry after renewing a credential, or a stream resumed). Not for policies.
   */
  public void upstreamSent() {
    upstreamSentNanos = System.nanoTime();
    sentUpstream = true;
    upstreamStatus = 0;
    upstreamNanos = -1;
  }

  /**
   * The gateway records here the headers of the upstream's answer to the request last {@link
   * #upstreamSent sent}. Not for policies, which read it in {@link McpOutcome}.
   */
  public void upstreamAnswered(int status) {
    upstreamStatus = status;
    upstreamNanos = System.nanoTime() - upstreamSentNanos;
  }

  /**
   * Whether the gateway sent a request of this exchange upstream: false for one refused before (by
   * a policy or the gateway's own checks).
   */
  public boolean sentUpstream() {
    return sentUpstream;
  }

  /** The HTTP status of the upstream's last answer, or 0 when none came. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** From the last upstream request sent to its answer's headers, or -1 when none came. */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  public <T> T attr(AttributeKey<T> key) {
    return attributes == null ? null : key.cast(attributes.get(key));
  }

  public <T> void attr(AttributeKey<T> key, T value) {
    if (value == null) {
      if (attributes != null) {
        attributes.remove(key);
      }
      return;
    }
    if (attributes == null) {
      attributes = new HashMap<>(4);
    }
    attributes.put(key, value);
  }

  /**
   * Adds a header to the HTTP answer of this exchange, whichever it is (JSON, an event stream, a
   * 202, a refusal), such as the {@code RateLimit} fields of a counted call; a later value for the
   * same name replaces an earlier one. Call it from a request hook, before the answer starts.
   */
  public void responseHeader(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    Map<String, String> h = answerHeaders;
    if (h == null) {
      synchronized (this) {
        h = answerHeaders;
        if (h == null) {
          h = new java.util.concurrent.ConcurrentHashMap<>(4);
          answerHeaders = h;
        }
      }
    }
    h.put(name, value);
  }

  /** The headers policies added with {@link #responseHeader}; empty when none. */
  public Map<String, String> responseHeaders() {
    Map<String, String> h = answerHeaders;
    return h == null ? Map.of() : java.util.Collections.unmodifiableMap(h);
  }

  /**
   * The gateway sets here how a message reaches the caller on this exchange's answer stream. Not
   * for policies, which use {@link #sendToCaller}.
   */
  public void callerChannel(java.util.function.Consumer<byte[]> channel) {
    this.callerChannel = channel;
  }

  /**
   * Whether {@link #sendToCaller} reaches the caller: a request whose caller takes event streams,
   * while the policies decide.
   */
  public boolean canSendToCaller() {
    return callerChannel != null;
  }

  /**
   * Sends a JSON-RPC message the gateway itself makes (such as an {@code elicitation/create} asking
   * the caller to open an approval page) on this request's answer stream, opening the stream now if
   * it is not open yet. Callable from any thread while a request hook's verdict is pending; once
   * the policies have decided it is dropped. A request sent this way must get its answer taken by
   * the policy ({@link Verdict#HANDLED}), since the upstream never asked it.
   *
   * @return false when the caller cannot be reached this way ({@link #canSendToCaller})
   */
  public boolean sendToCaller(byte[] json) {
    requireNonNull(json, "json");
    java.util.function.Consumer<byte[]> c = callerChannel;
    if (c == null) {
      return false;
    }
    c.accept(json);
    return true;
  }

  /** Builds an {@link McpExchange}. */
  public static final class Builder {
    private final RouteDefinition route;
    private final Entry entry;
    private JsonRpcMessage message;
    private byte[] body;
    private SessionToken session;
    private String sessionId;
    private UnaryOperator<String> headers;
    private InetSocketAddress remote;

    private Builder(RouteDefinition route, Entry entry) {
      this.route = route;
      this.entry = entry;
    }

    public Builder message(JsonRpcMessage message, byte[] body) {
      this.message = message;
      this.body = body;
      return this;
    }

    public Builder session(SessionToken session, String sessionId) {
      this.session = session;
      this.sessionId = sessionId;
      return this;
    }

    /**
     * @param headers looks up a request header by name, case-insensitively; null when absent
     */
    public Builder headers(UnaryOperator<String> headers) {
      this.headers = headers;
      return this;
    }

    public Builder remoteAddress(InetSocketAddress remote) {
      this.remote = remote;
      return this;
    }

    public McpExchange build() {
      return new McpExchange(this);
    }
  }
}
