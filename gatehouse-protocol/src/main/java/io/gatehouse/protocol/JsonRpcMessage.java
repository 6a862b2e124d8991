package io.gatehouse.protocol;

import static java.util.Objects.requireNonNull;

/**
 * The routing-relevant parts of one JSON-RPC message, read by {@link EnvelopeScanner} without
 * building a tree. The message itself travels on as the original bytes.
 *
 * @param kind request, notification or response
 * @param id the id; {@code null} for notifications and for error responses to unreadable requests
 * @param method the method; {@code null} for responses
 * @param name {@code params.name} (tools/call, prompts/get) or {@code params.uri} (resources/*);
 *     may be null
 * @param progressToken {@code params._meta.progressToken} of a request, or {@code
 *     params.progressToken} of {@code notifications/progress}; may be null
 * @param cancelledRequestId {@code params.requestId} of {@code notifications/cancelled}; may be
 *     null
 * @param error whether a response carries {@code error} rather than {@code result}
 * @param protocolVersion {@code params.protocolVersion} of {@code initialize}; may be null
 * @param metaProtocolVersion {@code params._meta["io.modelcontextprotocol/protocolVersion"]}, which
 *     a 2026-07-28 request carries instead of a session; may be null
 */
public record JsonRpcMessage(
    MessageKind kind,
    JsonRpcId id,
    String method,
    String name,
    JsonRpcId progressToken,
    JsonRpcId cancelledRequestId,
    boolean error,
    String protocolVersion,
    String metaProtocolVersion) {

  public JsonRpcMessage {
    requireNonNull(kind, "kind");
  }

  /** The message without a per-request protocol version, as every message before 2026-07-28. */
  public JsonRpcMessage(
      MessageKind kind,
      JsonRpcId id,
      String method,
      String name,
      JsonRpcId progressToken,
      JsonRpcId cancelledRequestId,
      boolean error,
      String protocolVersion) {
    this(kind, id, method, name, progressToken, cancelledRequestId, error, protocolVersion, null);
  }

  public boolean isRequest() {
    return kind == MessageKind.REQUEST;
  }

  public boolean isNotification() {
    return kind == MessageKind.NOTIFICATION;
  }

  public boolean isResponse() {
    return kind == MessageKind.RESPONSE;
  }

  public boolean isInitialize() {
    return isRequest() && McpMethods.INITIALIZE.equals(method);
  }

  /** The tool name of a {@code tools/call}, or null. */
  public String toolName() {
    return McpMethods.TOOLS_CALL.equals(method) ? name : null;
  }
}
