/**
 * How the runtime reaches MCP tools: always through Gatehouse's own gateway, over the loopback
 * listener, so an agent's tool call meets the same policies, limits, credentials and audit as any
 * MCP client's. Each call carries a sealed {@link io.gatehouse.agent.tools.AgentCall} naming the
 * user it runs for; {@link io.gatehouse.agent.tools.AgentCallPolicy} opens it at the gateway and
 * authenticates the exchange as that user. Connections and other servers' URLs are reached through
 * routes of their own that only the runtime may use ({@link io.gatehouse.agent.tools.AgentRoutes}).
 */
package io.gatehouse.agent.tools;
