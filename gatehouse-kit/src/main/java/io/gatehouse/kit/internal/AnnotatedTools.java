package io.gatehouse.kit.internal;

import io.gatehouse.kit.KitErrors;
import io.gatehouse.kit.KitException;
import io.gatehouse.kit.Tool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The {@link Tool}-annotated public methods of an object, as {@link KitTool}s. */
public final class AnnotatedTools {
  private AnnotatedTools() {}

  /**
   * One tool per annotated method, in name order.
   *
   * @throws KitException {@code INVALID_TOOL} for an object with none, or a method that is not
   *     public or does not take exactly one record
   */
  public static List<KitTool> of(Object target) {
    List<KitTool> tools = new ArrayList<>();
    Method[] methods = target.getClass().getMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method m : methods) {
      Tool annotation = m.getAnnotation(Tool.class);
      if (annotation != null) {
        tools.add(tool(target, m, annotation));
      }
    }
    for (Method m : target.getClass().getDeclaredMethods()) {
      if (m.isAnnotationPresent(Tool.class) && !Modifier.isPublic(m.getModifiers())) {
        throw invalid(m, "is not public (expected: a public method)");
      }
    }
    if (tools.isEmpty()) {
      throw new KitException(
          KitErrors.INVALID_TOOL,
          target.getClass().getName()
              + ": no public method annotated @Tool (expected: at least one)");
    }
    return tools;
  }

  private static KitTool tool(Object target, Method m, Tool annotation) {
    if (m.getParameterCount() != 1 || !m.getParameterTypes()[0].isRecord()) {
      throw invalid(
          m, "takes " + Arrays.toString(m.getParameterTypes()) + " (expected: one record)");
    }
    if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
      m.setAccessible(true);
    }
    String name = annotation.name().isEmpty() ? m.getName() : annotation.name();
    Class<?> output = m.getReturnType().isRecord() ? m.getReturnType() : null;
    return new KitTool(
        name,
        annotation.description(),
        m.getParameterTypes()[0],
        output,
        args -> invoke(target, m, args));
  }

  private static Object invoke(Object target, Method m, Object args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(m.getName() + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(m.getName() + " is not accessible", e);
    }
  }

  private static KitException invalid(Method m, String what) {
    return new KitException(
        KitErrors.INVALID_TOOL,
        m.getDeclaringClass().getSimpleName() + "." + m.getName() + ": " + what);
  }
}
