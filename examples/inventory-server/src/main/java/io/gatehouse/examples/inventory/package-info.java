/**
 * An example MCP server written with the Gatehouse server kit: inventory tools behind a key,
 * runnable as one jar, publishable into a Gatehouse catalog.
 */
package io.gatehouse.examples.inventory;
