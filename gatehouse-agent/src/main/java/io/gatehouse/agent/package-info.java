/**
 * The agent runtime: {@code POST /v1/responses} runs a model whose MCP tools are called through
 * Gatehouse's own gateway path (same policies, limits, credentials and audit as any MCP client),
 * stops for approval and consent, and continues from {@code previous_response_id}. Subpackages:
 * {@code wire} (the Responses shapes), {@code model} (model providers), {@code tools} (reaching MCP
 * tools through the gateway), {@code run} (the loop and its events), {@code approve} (approval
 * records and the gateway's approval hold), {@code define} (stored agents and subagents), {@code
 * http} (the APIs).
 */
package io.gatehouse.agent;
