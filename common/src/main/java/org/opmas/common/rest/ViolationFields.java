package org.opmas.common.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * Turns a Bean Validation property path into the name the client used. The validator reports
 * Java names behind the method and parameter ({@code create.request.ipAddress}); the client sent
 * {@code ip_address}. Walking the validated values lets Jackson say which JSON name each Java
 * property has, so {@code @JsonProperty} and {@code @JsonNaming} are honoured; where a value is
 * missing the Java name is kept.
 */
public final class ViolationFields {

    /** JAX-RS and Quarkus REST parameter annotations whose {@code value()} is the wire name. */
    private static final Set<String> PARAMETER_ANNOTATIONS = Set.of(
            "jakarta.ws.rs.QueryParam", "jakarta.ws.rs.PathParam", "jakarta.ws.rs.HeaderParam",
            "jakarta.ws.rs.FormParam", "jakarta.ws.rs.CookieParam", "jakarta.ws.rs.MatrixParam",
            "org.jboss.resteasy.reactive.RestQuery", "org.jboss.resteasy.reactive.RestPath",
            "org.jboss.resteasy.reactive.RestHeader", "org.jboss.resteasy.reactive.RestForm",
            "org.jboss.resteasy.reactive.RestCookie", "org.jboss.resteasy.reactive.RestMatrix");

    private ViolationFields() {
    }

    /** True if the violation is about what the server returned, not what the client sent. */
    public static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client-facing field of a violation: {@code hostname}, {@code config.ssh_port},
     * {@code items[0].name}, a query parameter's name, or null for a constraint on the whole body.
     */
    public static String fieldOf(ConstraintViolation<?> violation, ObjectMapper mapper) {
        StringBuilder path = new StringBuilder();
        Object current = violation.getRootBean();
        String parameterName = null;
        List<Method> methods = List.of();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> methods = findMethods(violation.getRootBeanClass(), node);
                case CONSTRUCTOR, CROSS_PARAMETER -> {
                    // nothing the client sent is named here
                }
                case PARAMETER -> {
                    int index = node.as(Path.ParameterNode.class).getParameterIndex();
                    parameterName = wireParameterName(methods, index, node.getName());
                    Object[] arguments = violation.getExecutableParameters();
                    current = arguments != null && index < arguments.length ? arguments[index] : null;
                }
                case RETURN_VALUE -> current = violation.getExecutableReturnValue();
                case BEAN -> {
                    if (node.isInIterable()) {
                        current = element(current, node);
                        appendIndex(path, node);
                    }
                }
                case CONTAINER_ELEMENT -> {
                    if (node.isInIterable()) {
                        current = element(current, node);
                        appendIndex(path, node);
                    }
                }
                case PROPERTY -> {
                    if (node.isInIterable()) {
                        current = element(current, node);
                        appendIndex(path, node);
                    }
                    String javaName = node.getName();
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(jsonName(current, javaName, mapper));
                    current = read(current, javaName);
                }
                default -> {
                }
            }
        }
        if (path.length() > 0) {
            return path.toString();
        }
        return parameterName;
    }

    /**
     * The path without the method and parameter nodes, in Java names ({@code create.request.hostname}
     * becomes {@code hostname}); for callers without the validated values.
     */
    public static String stripExecutablePrefix(String propertyPath, boolean methodValidation) {
        if (propertyPath == null || !methodValidation) {
            return propertyPath;
        }
        int first = propertyPath.indexOf('.');
        if (first < 0) {
            return propertyPath;
        }
        int second = propertyPath.indexOf('.', first + 1);
        return second < 0 ? propertyPath.substring(first + 1) : propertyPath.substring(second + 1);
    }

    static String jsonName(Object bean, String javaName, ObjectMapper mapper) {
        if (bean == null || mapper == null || javaName == null) {
            return javaName;
        }
        try {
            BeanDescription description = mapper.getSerializationConfig()
                    .introspect(mapper.constructType(bean.getClass()));
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (javaName.equals(property.getInternalName())) {
                    return property.getName();
                }
            }
        } catch (RuntimeException e) {
            // introspection is a nicety; the Java name is still a usable answer
        }
        return javaName;
    }

    private static void appendIndex(StringBuilder path, Path.Node node) {
        if (node.getIndex() != null) {
            path.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
            path.append('[').append(node.getKey()).append(']');
        }
    }

    private static Object element(Object container, Path.Node node) {
        if (container == null) {
            return null;
        }
        Integer index = node.getIndex();
        Object key = node.getKey();
        if (container instanceof Map<?, ?> map) {
            return key == null ? null : map.get(key);
        }
        if (container instanceof Optional<?> optional) {
            return optional.orElse(null);
        }
        if (index == null) {
            return null;
        }
        if (container instanceof List<?> list) {
            return index < list.size() ? list.get(index) : null;
        }
        if (container.getClass().isArray()) {
            return index < Array.getLength(container) ? Array.get(container, index) : null;
        }
        if (container instanceof Iterable<?> iterable) {
            Iterator<?> it = iterable.iterator();
            for (int i = 0; it.hasNext(); i++) {
                Object value = it.next();
                if (i == index) {
                    return value;
                }
            }
        }
        return null;
    }

    private static Object read(Object bean, String name) {
        if (bean == null || name == null) {
            return null;
        }
        Class<?> type = bean.getClass();
        try {
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    if (component.getName().equals(name)) {
                        Method accessor = component.getAccessor();
                        accessor.setAccessible(true);
                        return accessor.invoke(bean);
                    }
                }
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                try {
                    Field field = c.getDeclaredField(name);
                    field.setAccessible(true);
                    return field.get(bean);
                } catch (NoSuchFieldException ignored) {
                    // try the superclass
                }
            }
            String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            for (String getter : List.of("get" + suffix, "is" + suffix)) {
                try {
                    Method m = type.getMethod(getter);
                    return m.invoke(bean);
                } catch (NoSuchMethodException ignored) {
                    // try the next spelling
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // an unreadable value only costs us the JSON name of deeper properties
        }
        return null;
    }

    /**
     * Every declaration of the validated method up the hierarchy: CDI may validate a generated
     * subclass whose override carries none of the parameter annotations.
     */
    private static List<Method> findMethods(Class<?> type, Path.Node node) {
        List<Method> found = new ArrayList<>();
        if (type == null) {
            return found;
        }
        Class<?>[] parameterTypes = node.as(Path.MethodNode.class).getParameterTypes().toArray(new Class<?>[0]);
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> c = pending.poll();
            if (c == Object.class || !seen.add(c)) {
                continue;
            }
            try {
                found.add(c.getDeclaredMethod(node.getName(), parameterTypes));
            } catch (NoSuchMethodException ignored) {
                // declared elsewhere in the hierarchy
            }
            if (c.getSuperclass() != null) {
                pending.add(c.getSuperclass());
            }
            pending.addAll(List.of(c.getInterfaces()));
        }
        return found;
    }

    private static String wireParameterName(List<Method> methods, int index, String javaName) {
        for (Method method : methods) {
            if (index >= method.getParameterCount()) {
                continue;
            }
            for (Annotation annotation : method.getParameterAnnotations()[index]) {
                if (PARAMETER_ANNOTATIONS.contains(annotation.annotationType().getName())) {
                    try {
                        Object value = annotation.annotationType().getMethod("value").invoke(annotation);
                        if (value instanceof String s && !s.isBlank()) {
                            return s;
                        }
                    } catch (ReflectiveOperationException | RuntimeException ignored) {
                        // fall back to the Java name
                    }
                }
            }
        }
        return javaName;
    }
}
