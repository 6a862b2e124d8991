/**
 * Per-user OAuth for connections (identity passthrough): the consent each user gives once per
 * connection ({@link io.gatehouse.connect.consent.Consents}), the tokens it yields, kept in the
 * vault per user ({@link io.gatehouse.connect.consent.UserTokens}), and the policy that sends each
 * caller's own token upstream or answers with the consent link ({@link
 * io.gatehouse.connect.consent.UserCredential}).
 */
package io.gatehouse.connect.consent;
