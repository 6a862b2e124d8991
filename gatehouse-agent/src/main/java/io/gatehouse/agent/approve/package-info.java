/**
 * Approvals: one store of approval requests (the agent runtime's {@code mcp_approval_request}s and
 * the gateway's held {@code tools/call}s), each owned by a user, with an expiry; the approval hold
 * policy for direct MCP clients; and the caller's own pending approvals.
 */
package io.gatehouse.agent.approve;
