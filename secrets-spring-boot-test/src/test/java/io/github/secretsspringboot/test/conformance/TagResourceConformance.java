package io.github.secretsspringboot.test.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class TagResourceConformance extends ConformanceScenarios {

	@Test
	void tagsAreAddedAndExistingKeysOverwritten() {
		String name = uniqueName("tags");
		client().createSecret((r) -> r.name(name).secretString("one").tags(tag("team", "payments")));
		client().tagResource((r) -> r.secretId(name).tags(tag("team", "billing"), tag("env", "prod")));
		assertThat(client().describeSecret((r) -> r.secretId(name)).tags())
			.containsExactlyInAnyOrder(tag("team", "billing"), tag("env", "prod"));
	}

	@Test
	void tagKeysAreCaseSensitive() {
		String name = uniqueName("tags");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().tagResource((r) -> r.secretId(name).tags(tag("ABC", "1"), tag("abc", "2")));
		assertThat(client().describeSecret((r) -> r.secretId(name)).tags()).containsExactlyInAnyOrder(tag("ABC", "1"),
				tag("abc", "2"));
	}

	@Test
	void untagRemovesTheKeysAndIgnoresUnknownOnes() {
		String name = uniqueName("tags");
		client()
			.createSecret((r) -> r.name(name).secretString("one").tags(tag("team", "payments"), tag("env", "prod")));
		client().untagResource((r) -> r.secretId(name).tagKeys("team", "not-there"));
		assertThat(client().describeSecret((r) -> r.secretId(name)).tags()).containsExactly(tag("env", "prod"));
		client().untagResource((r) -> r.secretId(name).tagKeys("team"));
		assertThat(client().describeSecret((r) -> r.secretId(name)).tags()).containsExactly(tag("env", "prod"));
	}

	@Test
	void awsPrefixIsReserved() {
		String name = uniqueName("tags");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> client().tagResource((r) -> r.secretId(name).tags(tag("aws:owner", "me"))));
		assertThat(client().describeSecret((r) -> r.secretId(name)).tags()).isEmpty();
	}

	@Test
	void keyLongerThan128CharactersIsAValidationError() {
		String name = uniqueName("tags");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client().tagResource((r) -> r.secretId(name).tags(tag("k".repeat(129), "v"))))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().tagResource((r) -> r.secretId(uniqueName("missing")).tags(tag("k", "v"))));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().untagResource((r) -> r.secretId(uniqueName("missing")).tagKeys("k")));
	}

	private static Tag tag(String key, String value) {
		return Tag.builder().key(key).value(value).build();
	}

}
