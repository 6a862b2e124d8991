/**
 * The agent runtime's HTTP surfaces: the models admin API ({@code /admin/v1/models}) and the model
 * token usage ({@code /admin/v1/usage/models}).
 */
package io.gatehouse.agent.http;
