/** The agent runtime's tables. */
package io.gatehouse.agent.internal;
