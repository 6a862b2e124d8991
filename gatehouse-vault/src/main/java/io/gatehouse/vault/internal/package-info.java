/** The vault's cryptography and SQL. */
package io.gatehouse.vault.internal;
