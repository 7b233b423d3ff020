package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanInstantiationException;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ApplicationContext;

/**
 * Rebinds {@code @ConfigurationProperties} beans after secrets changed, one bean at a
 * time, and only those whose new binding is valid. Spring Cloud's rebinder resets a bean
 * to its defaults before binding it again and stops at the first bean that fails: the
 * failing bean is left reset, the beans after it are not rebound, and the exception
 * (which quotes the rejected value) escapes to the caller. Here each bean is first bound
 * as a new instance, by Spring Boot's own binding post-processor (same converters, same
 * validation); a bean whose new binding fails is not touched, keeps its previous values,
 * and is logged without any value.
 *
 * @author secrets-spring-boot
 */
final class ConfigurationPropertiesRebinding {

	private static final Log logger = LogFactory.getLog(ConfigurationPropertiesRebinding.class);

	private final ApplicationContext applicationContext;

	private final ConfigurationPropertiesRebinder rebinder;

	ConfigurationPropertiesRebinding(ApplicationContext applicationContext, ConfigurationPropertiesRebinder rebinder) {
		this.applicationContext = applicationContext;
		this.rebinder = rebinder;
	}

	/**
	 * Rebinds every bean Spring Cloud would rebind whose new values bind.
	 * @return the names of the beans that kept their previous values
	 */
	List<String> rebind() {
		List<String> kept = new ArrayList<>();
		Set<String> neverRefreshable = this.rebinder.getNeverRefreshable();
		for (String name : this.rebinder.getBeanNames()) {
			if (!rebind(name, neverRefreshable)) {
				kept.add(name);
			}
		}
		return kept;
	}

	private boolean rebind(String name, Set<String> neverRefreshable) {
		try {
			Object bean = this.applicationContext.getBean(name);
			Class<?> type = AopUtils.getTargetClass(bean);
			if (neverRefreshable.contains(type.getName())) {
				return true;
			}
			RuntimeException failure = bindNewInstance(type, name);
			if (failure != null) {
				logger.warn("Kept the previous values of @ConfigurationProperties bean '" + name + "' ("
						+ type.getName() + "): its new values do not bind. " + BindFailureDescription.of(failure));
				return false;
			}
			this.rebinder.rebind(name);
			return true;
		}
		catch (RuntimeException ex) {
			// Spring Cloud reset the bean before binding failed: it holds defaults.
			logger.warn(
					"Could not rebind @ConfigurationProperties bean '" + name + "'. " + BindFailureDescription.of(ex));
			return false;
		}
	}

	/**
	 * Binds the new values to a new instance of the bean's type, as the application
	 * context bound the bean.
	 * @return the binding failure, or {@code null} when they bind (or cannot be tried)
	 */
	private @Nullable RuntimeException bindNewInstance(Class<?> type, String name) {
		Object instance;
		try {
			instance = BeanUtils.instantiateClass(type);
		}
		catch (BeanInstantiationException ex) {
			// No default constructor: Spring Cloud's own rebinding decides.
			return null;
		}
		try {
			this.applicationContext
				.getBean(ConfigurationPropertiesBindingPostProcessor.BEAN_NAME,
						ConfigurationPropertiesBindingPostProcessor.class)
				.postProcessBeforeInitialization(instance, name);
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

}
