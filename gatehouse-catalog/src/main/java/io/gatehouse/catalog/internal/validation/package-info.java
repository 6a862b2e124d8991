/** The MCP registry's server.json rules, one class per part of the document. */
package io.gatehouse.catalog.internal.validation;
