/**
 * The agent loop: list the tools, ask the model, run the calls it asks for through the gateway (in
 * parallel), feed the results back, until a final message; stop for approvals and consent and
 * resume from the stored state; subagents as nested frames; the streaming events in OpenAI's order.
 */
package io.gatehouse.agent.run;
