package io.github.secretsspringboot.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.secretsspringboot.EmulatorTestSupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Runs real Spring applications whose imports point at an emulator shared by the test
 * class. Each test starts from an emulator without secrets, faults or counts.
 */
abstract class SecretImportTestSupport extends EmulatorTestSupport {

	/** A value planted in secrets: it must never appear in logs or messages. */
	static final String CANARY = "canary-7f3a9c1e-do-not-log";

	static String createSecret(String name, String value) {
		return secrets().createSecret((request) -> request.name(name).secretString(value)).arn();
	}

	/**
	 * Runs an application with the given import and extra {@code name=value} properties.
	 */
	static ConfigurableApplicationContext run(String configImport, String... properties) {
		return runAgainst(emulator.endpoint().toString(), configImport, properties);
	}

	/**
	 * As {@link #run}, with the client pointed at {@code endpoint} instead of the
	 * emulator.
	 */
	static ConfigurableApplicationContext runAgainst(String endpoint, String configImport, String... properties) {
		List<String> args = new ArrayList<>();
		args.add("--spring.config.import=" + configImport);
		args.add("--aws.secrets.endpoint=" + endpoint);
		args.add("--aws.secrets.region=" + emulator.region());
		args.add("--spring.main.banner-mode=off");
		Arrays.stream(properties).map((property) -> "--" + property).forEach(args::add);
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
