/**
 * Outbound OAuth for connections: the token endpoint with every client authentication method,
 * authorization server discovery, client registration and the authorization code flow with PKCE
 * that an MCP client runs when an upstream answers 401 (MCP 2025-11-25 "Authorization").
 */
package io.gatehouse.connect.oauth;
