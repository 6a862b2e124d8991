/** Test fixtures shared by Gatehouse's test suites. */
package io.gatehouse.testkit;
