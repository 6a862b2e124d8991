/** The identity module's rows and the key snapshot; not for use outside the module. */
package io.gatehouse.identity.internal;
