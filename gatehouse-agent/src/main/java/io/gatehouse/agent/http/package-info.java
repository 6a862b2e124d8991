/**
 * The agent runtime's HTTP APIs: {@code /v1/responses}, and the admin APIs for agents, model
 * providers and approvals.
 */
package io.gatehouse.agent.http;
