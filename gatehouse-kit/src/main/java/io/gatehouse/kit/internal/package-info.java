/**
 * The kit's internals: JSON schemas generated from records, tool calls bound to the MCP Java SDK,
 * the key check and Jetty in front of the SDK's servlet, and the command line.
 */
package io.gatehouse.kit.internal;
