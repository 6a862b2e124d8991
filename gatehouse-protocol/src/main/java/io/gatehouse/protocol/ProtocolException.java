package io.gatehouse.protocol;

/**
 * A message that cannot be read as JSON-RPC. Carries the JSON-RPC error code to answer with ({@link
 * JsonRpcErrors#PARSE_ERROR} or {@link JsonRpcErrors#INVALID_REQUEST}) and, when it was readable,
 * the offending message's id.
 */
public final class ProtocolException extends RuntimeException {
  private final int code;
  private final transient JsonRpcId id;

  public ProtocolException(int code, String message, JsonRpcId id) {
    super(message, null, false, false);
    this.code = code;
    this.id = id;
  }

  public int code() {
    return code;
  }

  /** The id of the message, if it could be read; null otherwise. */
  public JsonRpcId id() {
    return id;
  }
}
