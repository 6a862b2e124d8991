/** The agent runtime's HTTP APIs: {@code /v1/responses} and its admin APIs. */
package io.gatehouse.agent.http;
