package io.github.secretsspringboot.jdbc;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.BeansException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.util.ClassUtils;

/**
 * Creates the DataSource a pool names by class name ({@code dataSourceClassName}) and
 * sets the pool's data source properties on it as JavaBeans properties, as HikariCP does:
 * {@code url} also sets a property spelt {@code URL}.
 * <p>
 * A property that cannot be set is named, with the type it needs, but its value is not
 * shown, nor the exception that would show it: it may be a password.
 *
 * @author secrets-spring-boot
 */
final class DataSourceClassFactory {

	private DataSourceClassFactory() {
	}

	static DataSource create(String beanName, String className, Properties properties) {
		ClassLoader loader = ClassUtils.getDefaultClassLoader();
		if (!ClassUtils.isPresent(className, loader)) {
			throw new IllegalStateException("DataSource '" + beanName + "': its dataSourceClassName " + className
					+ " cannot be found: add it to the classpath or check spring.datasource.hikari.data-source-class-name");
		}
		Class<?> type = ClassUtils.resolveClassName(className, loader);
		if (!DataSource.class.isAssignableFrom(type)) {
			throw new IllegalStateException("DataSource '" + beanName + "': its dataSourceClassName " + className
					+ " is not a javax.sql.DataSource");
		}
		DataSource dataSource = (DataSource) BeanUtils.instantiateClass(type);
		setProperties(beanName, dataSource, properties);
		return dataSource;
	}

	static void setProperties(String beanName, DataSource dataSource, Properties properties) {
		BeanWrapper bean = new BeanWrapperImpl(dataSource);
		for (Map.Entry<Object, Object> property : properties.entrySet()) {
			String name = property.getKey().toString();
			set(beanName, bean, writable(beanName, bean, name), property.getValue());
		}
	}

	private static String writable(String beanName, BeanWrapper bean, String name) {
		if (bean.isWritableProperty(name)) {
			return name;
		}
		String upperCase = name.toUpperCase(Locale.ENGLISH);
		if (bean.isWritableProperty(upperCase)) {
			return upperCase;
		}
		throw new IllegalStateException("DataSource '" + beanName + "': " + bean.getWrappedClass().getName()
				+ " has no data source property '" + name + "': check spring.datasource.hikari.data-source-properties");
	}

	private static void set(String beanName, BeanWrapper bean, String name, Object value) {
		try {
			bean.setPropertyValue(name, value);
		}
		catch (BeansException ex) {
			// Neither the value nor the exception, whose message may quote it.
			String needs = (ex instanceof TypeMismatchException mismatch && mismatch.getRequiredType() != null)
					? ": it needs a " + mismatch.getRequiredType().getName() + " (the value is not shown)"
					: " (" + ex.getClass().getSimpleName() + "; the value is not shown)";
			throw new IllegalStateException("DataSource '" + beanName + "': the data source property '" + name + "' of "
					+ bean.getWrappedClass().getName() + " cannot be set to the value configured" + needs);
		}
	}

}
