/** The vault's part of the admin API: a project's secrets, write-only. */
package io.gatehouse.vault.http;
