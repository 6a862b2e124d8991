package io.gatehouse.agent.wire;

import io.gatehouse.agent.AgentErrors;
import io.gatehouse.core.GatehouseException;

/** A request the Responses API refuses, naming the parameter at fault (OpenAI's {@code param}). */
public final class BadRequest extends GatehouseException {
  private final String param;

  public BadRequest(String param, String message) {
    this(AgentErrors.INVALID_RESPONSE_REQUEST, param, message);
  }

  public BadRequest(io.gatehouse.core.ErrorKey key, String param, String message) {
    super(key, message);
    this.param = param;
  }

  /** The parameter at fault, such as {@code tools[0].server_label}, or null. */
  public String param() {
    return param;
  }
}
