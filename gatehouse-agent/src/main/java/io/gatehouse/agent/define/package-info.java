/**
 * Stored agents and subagents, per project: name, model, instructions, MCP tools, subagents, and
 * whether the agent is published (and so has its own workload identity).
 */
package io.gatehouse.agent.define;
