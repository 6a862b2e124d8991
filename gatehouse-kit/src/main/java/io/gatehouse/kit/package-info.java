/**
 * The server kit: write an MCP server as code on the official MCP Java SDK. {@link
 * io.gatehouse.kit.McpKit#server} takes tools as lambdas or {@link io.gatehouse.kit.Tool}-annotated
 * methods with a record for arguments (its JSON schema generated), serves them over Streamable HTTP
 * behind {@link io.gatehouse.kit.Keys} with an open {@code /healthz}, and {@link
 * io.gatehouse.kit.Publisher} puts the generated {@link io.gatehouse.kit.ServerJson} into a
 * Gatehouse catalog. It depends on no Gatehouse module but {@code gatehouse-core}, so a server
 * built with it carries little.
 */
package io.gatehouse.kit;
