package io.github.secretsspringboot.shapes;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Marks a {@code *WithoutSpringCloudTests} class: it runs only in the build's execution
 * whose classpath has no Spring Cloud (a {@code -Dtest} filter would otherwise also
 * select it for the execution that has it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "runs in the execution without Spring Cloud on the classpath")
@interface WithoutSpringCloud {

}
