/**
 * The OpenAI Responses shapes the runtime reads and writes: the request and its {@code mcp} tools,
 * the output items ({@code mcp_list_tools}, {@code mcp_call}, {@code mcp_approval_request}, {@code
 * oauth_consent_request}, {@code message}), the response object, and errors in OpenAI's shape.
 */
package io.gatehouse.agent.wire;
