package io.github.secretsspringboot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code secrets} endpoint over HTTP: reads of every secret and of one (whose name
 * has slashes), and writes that force a refresh.
 */
class SecretsEndpointTests extends ActuatorTestSupport {

	@Test
	void readListsEveryImportWithVersionLabelsAndPropertyNames() {
		String db = createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		createSecret("prod/app/api-key", "plain-" + CANARY);
		try (App app = run("aws-secret:prod/app/db?prefix=db;prod/app/api-key?as=api.key")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> entry(app.get("/actuator/secrets").json(), "prod/app/db").has("lastSuccessfulCheck"));
			Response response = app.get("/actuator/secrets");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).doesNotContain(CANARY);
			JsonNode body = response.json();
			JsonNode refresh = body.path("refresh");
			assertThat(refresh.path("enabled").asBoolean()).isTrue();
			assertThat(refresh.path("mode").asString()).isEqualTo("DESCRIBE");
			assertThat(refresh.path("interval").asString()).isEqualTo("PT0.2S");
			assertThat(refresh.path("maxStaleness").asString()).isEqualTo("PT5S");
			assertThat(body.path("startup").path("loaded").asInt()).isEqualTo(2);
			assertThat(body.path("startup").path("skipped").asInt()).isZero();
			assertThat(body.path("startup").path("properties").asInt()).isEqualTo(3);
			assertThat(body.path("startup").path("requests").asInt()).isEqualTo(1);
			assertThat(body.path("secrets").size()).isEqualTo(2);
			JsonNode entry = entry(body, "prod/app/db");
			assertThat(entry.path("source").asString()).isEqualTo("aws-secret:prod/app/db?prefix=db");
			assertThat(entry.path("arn").asString()).isEqualTo(arnOf("prod/app/db"));
			assertThat(entry.path("versionId").asString()).isEqualTo(db);
			assertThat(entry.path("versionStage").asString()).isEqualTo("AWSCURRENT");
			assertThat(texts(entry.path("versionStages"))).containsExactly("AWSCURRENT");
			assertThat(texts(entry.path("propertyNames"))).containsExactlyInAnyOrder("db.username", "db.password");
			assertThat(entry.path("state").asString()).isEqualTo("FRESH");
			assertThat(entry.path("optional").asBoolean()).isFalse();
			assertThat(entry.path("checks").asLong()).isPositive();
			assertThat(entry.has("loadedAt")).isTrue();
			assertThat(entry.has("nextCheck")).isTrue();
			assertThat(entry.path("rotation").path("state").asString()).isEqualTo("DISABLED");
			assertThat(texts(entry(body, "prod/app/api-key").path("propertyNames"))).containsExactly("api.key");
		}
	}

	@Test
	void readOneFindsASecretByItsNameWithSlashesItsArnOrItsPartialArn() {
		String version = createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		String arn = arnOf("prod/app/db");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			for (String name : List.of("prod/app/db", arn, arn.substring(0, arn.length() - 7))) {
				Response response = app.get("/actuator/secrets/" + name);
				assertThat(response.status()).as(name).isEqualTo(200);
				assertThat(response.body()).doesNotContain(CANARY);
				JsonNode body = response.json();
				assertThat(body.path("name").asString()).isEqualTo(name);
				assertThat(body.path("imports").size()).isOne();
				assertThat(body.path("imports").get(0).path("secretId").asString()).isEqualTo("prod/app/db");
				assertThat(body.path("imports").get(0).path("versionId").asString()).isEqualTo(version);
			}
			assertThat(app.get("/actuator/secrets/prod/app").status()).isEqualTo(404);
			assertThat(app.get("/actuator/secrets/prod/app/db/more").status()).isEqualTo(404);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "passthrough", "decode" })
	void readAndWriteOneAcceptEncodedSlashesWhereTheServerLetsThemThrough(String handling) {
		String version = createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run(new Class<?>[] { EncodedSlashes.class }, "aws-secret:prod/app/db?prefix=db",
				"test.encoded-solidus-handling=" + handling)) {
			Response read = app.get("/actuator/secrets/prod%2Fapp%2Fdb");
			assertThat(read.status()).isEqualTo(200);
			assertThat(read.json().path("imports").get(0).path("versionId").asString()).isEqualTo(version);
			Response write = app.post("/actuator/secrets/prod%2Fapp%2Fdb");
			assertThat(write.status()).isEqualTo(200);
			assertThat(write.json().path("results").get(0).path("secretId").asString()).isEqualTo("prod/app/db");
		}
	}

	@Test
	void encodedSlashesAreRejectedByTomcatUnlessAllowed() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			assertThat(app.get("/actuator/secrets/prod%2Fapp%2Fdb").status()).isEqualTo(400);
		}
	}

	@Test
	void writeOneForcesARefreshAndTellsWhatChanged() {
		String first = createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		// Checked only when forced.
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.refresh.interval=1h")) {
			String second = putValue("prod/app/db", "{\"username\": \"app\", \"password\": \"new-" + CANARY + "\"}");
			Response response = app.post("/actuator/secrets/prod/app/db");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).doesNotContain(CANARY);
			JsonNode body = response.json();
			assertThat(body.path("cause").asString()).isEqualTo("REQUEST");
			assertThat(body.path("results").size()).isOne();
			JsonNode result = body.path("results").get(0);
			assertThat(result.path("secretId").asString()).isEqualTo("prod/app/db");
			assertThat(result.path("outcome").asString()).isEqualTo("CHANGED");
			assertThat(result.has("error")).isFalse();
			JsonNode change = result.path("changes").get(0);
			assertThat(change.path("source").asString()).isEqualTo("aws-secret:prod/app/db?prefix=db");
			assertThat(change.path("previousVersionId").asString()).isEqualTo(first);
			assertThat(change.path("versionId").asString()).isEqualTo(second);
			assertThat(texts(change.path("propertyNames"))).containsExactly("db.password");
			assertThat(app.context().getEnvironment().getProperty("db.password")).isEqualTo("new-" + CANARY);
			JsonNode again = app.post("/actuator/secrets/prod/app/db").json().path("results").get(0);
			assertThat(again.path("outcome").asString()).isEqualTo("UNCHANGED");
			assertThat(again.path("changes").size()).isZero();
		}
	}

	@Test
	void writeAllRefreshesEverySecretAndTellsWhichChanged() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		createSecret("prod/app/b", "{\"b\": \"1\"}");
		String pinned = createSecret("prod/app/c", "{\"c\": \"1\"}");
		try (App app = run("aws-secret:prod/app/a;prod/app/b;prod/app/c?version-id=" + pinned,
				"aws.secrets.refresh.interval=1h")) {
			String changed = putValue("prod/app/a", "{\"a\": \"2\"}");
			putValue("prod/app/c", "{\"c\": \"2\"}");
			Response response = app.post("/actuator/secrets");
			assertThat(response.status()).isEqualTo(200);
			Map<String, JsonNode> results = new HashMap<>();
			response.json()
				.path("results")
				.values()
				.forEach((result) -> results.put(result.path("secretId").asString(), result));
			assertThat(results).containsOnlyKeys("prod/app/a", "prod/app/b", "prod/app/c");
			assertThat(results.get("prod/app/a").path("outcome").asString()).isEqualTo("CHANGED");
			assertThat(results.get("prod/app/a").path("changes").get(0).path("versionId").asString())
				.isEqualTo(changed);
			assertThat(results.get("prod/app/b").path("outcome").asString()).isEqualTo("UNCHANGED");
			assertThat(results.get("prod/app/c").path("outcome").asString()).isEqualTo("NOT_REFRESHED");
			assertThat(app.context().getEnvironment().getProperty("a")).isEqualTo("2");
			assertThat(app.context().getEnvironment().getProperty("c")).isEqualTo("1");
		}
	}

	@Test
	void writeTellsWhyARefreshFailed() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.refresh.interval=1h")) {
			emulator.control().denyAccess("prod/app/db");
			JsonNode result = app.post("/actuator/secrets/prod/app/db").json().path("results").get(0);
			assertThat(result.path("outcome").asString()).isEqualTo("FAILED");
			assertThat(result.path("error").asString()).isEqualTo("ACCESS_DENIED");
			JsonNode entry = app.get("/actuator/secrets/prod/app/db").json().path("imports").get(0);
			assertThat(entry.path("lastError").asString()).isEqualTo("ACCESS_DENIED");
			assertThat(entry.path("consecutiveFailures").asInt()).isOne();
		}
	}

	@Test
	void writeOfASecretNoImportNamesIsNotFound() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			assertThat(app.post("/actuator/secrets/prod/app/other").status()).isEqualTo(404);
		}
	}

	@Test
	void readOnlyAccessKeepsReadsAndTurnsForcedRefreshOff() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.refresh.interval=1h",
				"management.endpoint.secrets.access=read-only")) {
			putValue("prod/app/db", "{\"password\": \"new-" + CANARY + "\"}");
			assertThat(app.get("/actuator/secrets/prod/app/db").status()).isEqualTo(200);
			assertThat(app.post("/actuator/secrets/prod/app/db").status()).isEqualTo(405);
			assertThat(app.post("/actuator/secrets").status()).isEqualTo(405);
			assertThat(app.context().getEnvironment().getProperty("db.password")).isEqualTo(CANARY);
		}
	}

	@Test
	void endpointIsOnlyThereWhenExposed() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "management.endpoints.web.exposure.include=health")) {
			assertThat(app.get("/actuator/secrets").status()).isEqualTo(404);
			assertThat(app.context().getBeanNamesForType(SecretsEndpoint.class)).isEmpty();
		}
	}

	private static JsonNode entry(JsonNode body, String secretId) {
		for (JsonNode entry : body.path("secrets").values()) {
			if (entry.path("secretId").asString().equals(secretId)) {
				return entry;
			}
		}
		throw new AssertionError("No entry for " + secretId + " in " + body);
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.values().forEach((node) -> texts.add(node.asString()));
		return texts;
	}

	/** Lets Tomcat pass %2F on, decoded or not, as test.encoded-solidus-handling says. */
	@Configuration(proxyBeanMethods = false)
	static class EncodedSlashes {

		@Bean
		TomcatConnectorCustomizer encodedSlashes(Environment environment) {
			return (connector) -> connector
				.setEncodedSolidusHandling(environment.getRequiredProperty("test.encoded-solidus-handling"));
		}

	}

}
