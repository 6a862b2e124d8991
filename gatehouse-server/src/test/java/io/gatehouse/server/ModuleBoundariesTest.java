package io.gatehouse.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN §2, checked on the main code of every module on this test's class path
 * (all of them but the benchmark harness): a change that breaks one fails the build, with the
 * offending dependency named.
 */
class ModuleBoundariesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainCode() {
    classes =
        new ClassFileImporter()
            .withImportOption(ModuleBoundariesTest::isMainCode)
            .importPackages("io.gatehouse");
  }

  /**
   * Main classes only: a module's {@code target/classes}, or its jar when Maven resolved it so; no
   * test code.
   */
  private static boolean isMainCode(Location location) {
    if (location.contains("/test-classes/") || location.contains("-tests.jar")) {
      return false;
    }
    return location.contains("/target/classes/")
        || location.isJar() && location.contains("/gatehouse-");
  }

  @Test
  void every_module_is_on_the_class_path() {
    for (String module :
        new String[] {
          "core",
          "protocol",
          "http",
          "gateway",
          "policy",
          "store",
          "identity",
          "vault",
          "catalog",
          "observe",
          "limits",
          "agent",
          "cluster",
          "hosting",
          "kit",
          "selfmcp",
          "server",
          "testkit"
        }) {
      assertThat(
              classes.stream()
                  .anyMatch(c -> c.getPackageName().startsWith("io.gatehouse." + module)))
          .as("main classes of gatehouse-%s imported", module)
          .isTrue();
    }
  }

  @Test
  void modules_depend_only_downwards() {
    ArchRule rule =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("core")
            .definedBy("io.gatehouse.core..")
            .layer("protocol")
            .definedBy("io.gatehouse.protocol..")
            .layer("http")
            .definedBy("io.gatehouse.http..")
            .layer("gateway")
            .definedBy("io.gatehouse.gateway..")
            .layer("policy")
            .definedBy("io.gatehouse.policy..")
            .layer("store")
            .definedBy("io.gatehouse.store..")
            .layer("identity")
            .definedBy("io.gatehouse.identity..")
            .layer("vault")
            .definedBy("io.gatehouse.vault..")
            .layer("catalog")
            .definedBy("io.gatehouse.catalog..")
            .layer("observe")
            .definedBy("io.gatehouse.observe..")
            .layer("limits")
            .definedBy("io.gatehouse.limits..")
            .layer("agent")
            .definedBy("io.gatehouse.agent..")
            .layer("cluster")
            .definedBy("io.gatehouse.cluster..")
            .layer("hosting")
            .definedBy("io.gatehouse.hosting..")
            .layer("kit")
            .definedBy("io.gatehouse.kit..")
            .layer("selfmcp")
            .definedBy("io.gatehouse.selfmcp..")
            .layer("server")
            .definedBy("io.gatehouse.server..")
            .layer("testkit")
            .definedBy("io.gatehouse.testkit..")
            .whereLayer("server")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("testkit")
            .mayNotBeAccessedByAnyLayer()
            // a library for MCP servers people write; nothing in Gatehouse runs it
            .whereLayer("kit")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("catalog")
            .mayOnlyBeAccessedByLayers("server")
            .whereLayer("observe")
            .mayOnlyBeAccessedByLayers("server")
            .whereLayer("limits")
            .mayOnlyBeAccessedByLayers("server")
            .whereLayer("agent")
            .mayOnlyBeAccessedByLayers("server")
            .whereLayer("hosting")
            .mayOnlyBeAccessedByLayers("server")
            // replica-to-replica forwarding (DESIGN §5): hosted sessions now, held calls later
            .whereLayer("cluster")
            .mayOnlyBeAccessedByLayers("hosting", "server")
            .whereLayer("selfmcp")
            .mayOnlyBeAccessedByLayers("server")
            .whereLayer("identity")
            .mayOnlyBeAccessedByLayers("server")
            .whereLayer("vault")
            .mayOnlyBeAccessedByLayers("agent", "server")
            .whereLayer("store")
            .mayOnlyBeAccessedByLayers(
                "catalog",
                "identity",
                "vault",
                "policy",
                "observe",
                "limits",
                "agent",
                "cluster",
                "server")
            .whereLayer("policy")
            .mayOnlyBeAccessedByLayers("identity", "observe", "limits", "agent", "server")
            .whereLayer("gateway")
            .mayOnlyBeAccessedByLayers(
                "catalog", "policy", "observe", "limits", "agent", "selfmcp", "server")
            .whereLayer("http")
            .mayOnlyBeAccessedByLayers(
                "gateway",
                "catalog",
                "identity",
                "vault",
                "policy",
                "observe",
                "limits",
                "agent",
                "cluster",
                "hosting",
                "selfmcp",
                "server")
            .whereLayer("protocol")
            // observe's policies read the message envelope McpPolicy hands them
            .mayOnlyBeAccessedByLayers(
                "gateway", "policy", "catalog", "observe", "limits", "agent", "server", "testkit");
    rule.check(classes);
  }

  @Test
  void no_module_depends_on_itself_through_others() {
    slices().matching("io.gatehouse.(*)..").should().beFreeOfCycles().check(classes);
  }

  /**
   * Inside a module, the facade package and its internals know each other (the facade builds the
   * internals, the internals take the facade's value types); every other package pair goes one way
   * only.
   */
  @Test
  void no_package_below_a_facade_depends_on_itself_through_others() {
    slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                boolean below =
                    p.startsWith("io.gatehouse.") && !p.equals("io.gatehouse." + module(p));
                return below ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
              }

              @Override
              public String getDescription() {
                return "the packages below each module's facade";
              }
            })
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void internal_packages_are_used_only_inside_their_module() {
    ArchRule rule =
        ArchRuleDefinition.classes()
            .should(
                new ArchCondition<JavaClass>("use no other module's internal package") {
                  @Override
                  public void check(JavaClass origin, ConditionEvents events) {
                    String own = module(origin.getPackageName());
                    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                      String target = d.getTargetClass().getPackageName();
                      if (target.startsWith("io.gatehouse.")
                          && target.contains(".internal")
                          && !module(target).equals(own)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                      }
                    }
                  }
                });
    rule.check(classes);
  }

  @Test
  void the_catalog_domain_knows_no_gateway_type_and_only_its_route_publisher_does() {
    noClasses()
        .that()
        .resideInAPackage("io.gatehouse.catalog..")
        .and()
        .resideOutsideOfPackage("io.gatehouse.catalog.internal.serve..")
        .and()
        .doNotHaveFullyQualifiedName("io.gatehouse.catalog.Catalog")
        .and()
        // The seams through which the server guards deployments' routes, binds them to
        // connections, and hosts the stdio ones.
        .haveNameNotMatching(
            "io\\.gatehouse\\.catalog\\.(CatalogAccess|DeploymentConnections|DeploymentHosting).*")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.gatehouse.gateway..")
        .check(classes);
  }

  @Test
  void the_catalog_facade_does_not_know_its_http_surface() {
    noClasses()
        .that()
        .resideInAnyPackage("io.gatehouse.catalog", "io.gatehouse.catalog.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.gatehouse.catalog.http..")
        .check(classes);
  }

  @Test
  void netty_stays_inside_the_io_layer_and_the_gateway_internals() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.gatehouse.http..", "io.gatehouse.gateway.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(classes);
  }

  /**
   * Jetty serves the test kit's fixtures and, inside the server kit's internals, the MCP servers
   * people write with it: the MCP Java SDK's HTTP transport is a servlet, and Jetty is the servlet
   * container the project already pins. Gatehouse itself serves on Netty.
   */
  @Test
  void jetty_serves_only_the_test_kit_and_the_server_kits_internals() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.gatehouse.testkit..", "io.gatehouse.kit.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jetty..")
        .check(classes);
  }

  /** {@code io.gatehouse.catalog.internal.io} → {@code catalog}. */
  private static String module(String packageName) {
    String rest = packageName.substring("io.gatehouse.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
