package io.github.secretsspringboot.jdbc;

import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Creating a pool's DataSource from its class name and data source properties.
 */
class DataSourceClassFactoryTests {

	@Test
	void setsTheDataSourcePropertiesAsJavaBeansProperties() {
		Properties properties = new Properties();
		properties.setProperty("serverNames", "db.example.com");
		properties.setProperty("portNumbers", "6543");
		properties.setProperty("ApplicationName", "orders");
		DataSource dataSource = DataSourceClassFactory.create("dataSource", PGSimpleDataSource.class.getName(),
				properties);
		assertThat(dataSource).isInstanceOfSatisfying(PGSimpleDataSource.class, (postgres) -> {
			assertThat(postgres.getServerNames()).containsExactly("db.example.com");
			assertThat(postgres.getPortNumbers()).containsExactly(6543);
			assertThat(postgres.getApplicationName()).isEqualTo("orders");
		});
	}

	@Test
	void urlSetsAPropertySpeltInCapitals() {
		Properties properties = new Properties();
		properties.setProperty("url", "jdbc:postgresql://db.example.com:6543/orders");
		DataSource dataSource = DataSourceClassFactory.create("dataSource", PGSimpleDataSource.class.getName(),
				properties);
		assertThat(((PGSimpleDataSource) dataSource).getURL())
			.startsWith("jdbc:postgresql://db.example.com:6543/orders");
	}

	@Test
	void valueThatCannotBeConvertedIsNotShown() {
		String canary = "canary-" + UUID.randomUUID();
		Properties properties = new Properties();
		properties.setProperty("loginTimeout", canary);
		Throwable failure = catchThrowable(() -> DataSourceClassFactory.create("ordersDataSource",
				PGSimpleDataSource.class.getName(), properties));
		assertThat(failure.getCause()).isNull();
		assertThat(failure.getMessage().contains(canary)).as("the message shows the value").isFalse();
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("DataSource 'ordersDataSource'")
			.hasMessageContaining("'loginTimeout'")
			.hasMessageContaining(PGSimpleDataSource.class.getName())
			.hasMessageContaining("needs a int");
	}

	@Test
	void unknownPropertyIsNamed() {
		Properties properties = new Properties();
		properties.setProperty("noSuchProperty", "x");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> DataSourceClassFactory.create("dataSource", PGSimpleDataSource.class.getName(), properties))
			.withMessageContaining("has no data source property 'noSuchProperty'");
	}

	@Test
	void classThatIsNotADataSourceIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> DataSourceClassFactory.create("dataSource", String.class.getName(), new Properties()))
			.withMessageContaining("is not a javax.sql.DataSource");
	}

	@Test
	void missingClassIsNamed() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> DataSourceClassFactory.create("dataSource", "com.example.NoSuchDataSource", new Properties()))
			.withMessageContaining("com.example.NoSuchDataSource cannot be found");
	}

}
