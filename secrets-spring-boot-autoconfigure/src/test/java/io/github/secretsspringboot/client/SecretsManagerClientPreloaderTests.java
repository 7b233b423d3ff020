package io.github.secretsspringboot.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsManagerClientPreloaderTests {

	@Test
	void warmUpRunsTheWholeRequestPathAndSendsNothing() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			assertThat(SecretsManagerClientPreloader.preload(emulator.endpoint(), new SecretsManagerClientWarmUp()))
				.isTrue();
			assertThat(emulator.control().totalRequests()).isZero();
		}
	}

	@Test
	void warmUpAroundTheClientRunsARoundTripOverLoopbackAndSendsNothingToTheEndpoint() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			assertThat(SecretsManagerClientPreloader.preloadAroundClient(emulator.endpoint())).isTrue();
			assertThat(emulator.control().totalRequests()).isZero();
		}
	}

	@Test
	void loopbackRoundTripReadsTheCannedAnswerThroughTheSdkHttpClient() throws IOException {
		assertThat(LoopbackRoundTrip.run()).isTrue();
	}

	@Test
	void onlyAPlainHttpEndpointSkipsTheTlsSetUp() {
		SecretsManagerClientWarmUp warmUp = new SecretsManagerClientWarmUp();
		assertThat(warmUp.tlsNeeded()).isTrue();
		warmUp.endpointKnown(null);
		warmUp.endpointKnown(URI.create("https://secretsmanager.eu-west-1.amazonaws.com"));
		assertThat(warmUp.tlsNeeded()).isTrue();
		warmUp.endpointKnown(URI.create("http://127.0.0.1:4566"));
		assertThat(warmUp.tlsNeeded()).isFalse();
	}

	@Test
	void warmUpIsRegisteredInTheBootstrapContextOfTheApplicationThatStartsIt() {
		DefaultBootstrapContext first = new DefaultBootstrapContext();
		DefaultBootstrapContext second = new DefaultBootstrapContext();
		new SecretsManagerClientPreloader().initialize(first);
		new SecretsManagerClientPreloader().initialize(second);
		// Once per JVM: whichever application of this test JVM started first has it.
		assertThat(second.isRegistered(SecretsManagerClientWarmUp.class)).isFalse();
	}

	@Test
	void warmUpNamesNoClassOfTheJdksOrTheSdksImplementation() throws IOException, URISyntaxException {
		Path classes = Path
			.of(SecretsManagerClientPreloader.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.resolve(SecretsManagerClientPreloader.class.getPackageName().replace('.', '/'));
		List<String> warmUpTypes = List.of("SecretsManagerClientPreloader", "SecretsManagerClientWarmUp",
				"LoopbackRoundTrip", "CannedSecretsManager", "PlainHttpClientBuilder");
		List<Path> classFiles;
		try (Stream<Path> files = Files.list(classes)) {
			classFiles = files
				.filter((file) -> warmUpTypes.stream()
					.anyMatch((type) -> file.getFileName().toString().matches(type + "(\\$.*)?\\.class")))
				.toList();
		}
		assertThat(classFiles).hasSizeGreaterThanOrEqualTo(warmUpTypes.size());
		for (Path classFile : classFiles) {
			// Names in the constant pool are ASCII here: readable as Latin-1.
			String constants;
			try (InputStream in = Files.newInputStream(classFile)) {
				constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			}
			assertThat(constants).as(classFile.getFileName().toString())
				.doesNotContain("sun/", "sun.", "/internal/", ".internal.", "forName", "loadClass");
		}
	}

}
