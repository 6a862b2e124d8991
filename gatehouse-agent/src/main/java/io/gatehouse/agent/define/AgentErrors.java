package io.gatehouse.agent.define;

import io.gatehouse.core.ErrorKey;

/** The error keys of stored agents. */
public final class AgentErrors {
  private AgentErrors() {}

  public static final ErrorKey INVALID_AGENT =
      ErrorKey.of(
          "INVALID_AGENT",
          400,
          -32602,
          "An agent has a name (lower-case letters, digits and -), a model, optional"
              + " instructions, MCP tools ({\"type\": \"mcp\", \"server_label\", and one of"
              + " project_connection_id, route or server_url; no headers or authorization: use a"
              + " connection) and subagents of the same project. error.details names each"
              + " problem; see docs/agents.md.");
  public static final ErrorKey AGENT_NOT_FOUND =
      ErrorKey.of(
          "AGENT_NOT_FOUND",
          404,
          -32602,
          "GET /admin/v1/agents?project=NAME lists a project's agents; /v1/responses takes the"
              + " project from the OpenAI-Project header or ?project= (default: default).");
  public static final ErrorKey AGENT_EXISTS =
      ErrorKey.of(
          "AGENT_EXISTS",
          409,
          -32602,
          "Pick another name, or change the agent with PUT /admin/v1/agents/{name}.");
  public static final ErrorKey AGENT_IN_USE =
      ErrorKey.of(
          "AGENT_IN_USE",
          409,
          -32602,
          "Other agents delegate to this one: remove it from their subagents first.");
  public static final ErrorKey AGENT_MANAGED_BY_CONFIG =
      ErrorKey.of(
          "AGENT_MANAGED_BY_CONFIG",
          409,
          -32602,
          "The configuration file defines this agent: change, publish or remove it there, and"
              + " every replica follows at the next reload.");
}
