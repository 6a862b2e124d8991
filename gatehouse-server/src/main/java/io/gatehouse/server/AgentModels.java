package io.gatehouse.server;

import io.gatehouse.agent.model.ModelClient;
import io.gatehouse.agent.model.ModelFailure;
import io.gatehouse.core.ErrorKey;
import io.gatehouse.server.config.GatehouseConfig;

/** The models the agent runtime may call, from the configuration. */
final class AgentModels {
  private static final ErrorKey NO_MODEL =
      ErrorKey.of(
          "MODEL_NOT_FOUND", 400, -32602, "Configure a model provider: see docs/models.md.");

  private AgentModels() {}

  static ModelClient client(GatehouseConfig config) {
    return call -> {
      throw new ModelFailure(NO_MODEL, "no model provider serves '" + call.model() + "'");
    };
  }
}
