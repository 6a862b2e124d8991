/**
 * Request validation ({@code validation:} in a policy set): the MCP shape of each message's params,
 * size limits, and {@code tools/call} arguments against the schemas the upstream lists; {@link
 * io.gatehouse.policy.validate.ValidationPart} binds it to routes.
 */
package io.gatehouse.policy.validate;
