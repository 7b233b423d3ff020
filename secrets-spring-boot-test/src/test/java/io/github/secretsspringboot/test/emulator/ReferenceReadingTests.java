package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.LimitExceededException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Behaviour the API reference leaves open, pinned to the reading the emulator implements.
 * These are not conformance scenarios: another implementation may read the reference
 * differently without being wrong.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class ReferenceReadingTests {

	private static SecretsManagerClient client;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		client = started.client();
	}

	@Test
	void unknownVersionIdsOfUpdateSecretVersionStageAreResourceNotFound() {
		String name = create();
		String v1 = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String unknown = UUID.randomUUID().toString();
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client
				.updateSecretVersionStage((r) -> r.secretId(name).versionStage("BLUE").moveToVersionId(unknown)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(unknown));
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> client.updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(unknown).moveToVersionId(v1)));
	}

	@Test
	void removeFromVersionIdForALabelOnNoVersionIsInvalidParameter() {
		String name = create();
		String v1 = client.getSecretValue((r) -> r.secretId(name)).versionId();
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client
			.updateSecretVersionStage((r) -> r.secretId(name).versionStage("BLUE").removeFromVersionId(v1)));
	}

	@Test
	void twentyFirstLabelOnAVersionIsLimitExceeded() {
		String name = create();
		String[] stages = new String[20];
		for (int i = 0; i < stages.length; i++) {
			stages[i] = "L" + i;
		}
		String full = client.putSecretValue((r) -> r.secretId(name).secretString("two").versionStages(stages))
			.versionId();
		assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> client
			.updateSecretVersionStage((r) -> r.secretId(name).versionStage("ONE-MORE").moveToVersionId(full)));
	}

	@Test
	void tagResourceBeyondFiftyTagsIsInvalidParameterAndAddsNone() {
		String name = create();
		List<Tag> tags = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tags.add(Tag.builder().key("k" + i).value("v").build());
		}
		client.tagResource((r) -> r.secretId(name).tags(tags));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(
				() -> client.tagResource((r) -> r.secretId(name).tags(Tag.builder().key("k50").value("v").build())));
		client.tagResource((r) -> r.secretId(name).tags(Tag.builder().key("k0").value("replaced").build()));
		assertThat(client.describeSecret((r) -> r.secretId(name)).tags()).hasSize(50)
			.contains(Tag.builder().key("k0").value("replaced").build());
	}

	@Test
	void taggingASecretScheduledForDeletionIsInvalidRequest() {
		String name = create();
		client.tagResource((r) -> r.secretId(name).tags(Tag.builder().key("k").value("v").build()));
		client.deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(
				() -> client.tagResource((r) -> r.secretId(name).tags(Tag.builder().key("k2").value("v").build())));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client.untagResource((r) -> r.secretId(name).tagKeys("k")));
	}

	@Test
	void restoringASecretNotScheduledForDeletionChangesNothing() {
		String name = create();
		assertThat(client.restoreSecret((r) -> r.secretId(name)).name()).isEqualTo(name);
		assertThat(client.getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("one");
	}

	@Test
	void versionsOfASecretScheduledForDeletionAreStillListed() {
		String name = create();
		client.deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions()).hasSize(1);
	}

	@Test
	void forcedDeletionOfAnUnknownArnEchoesIt() {
		String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing/one-AbCdEf";
		DeleteSecretResponse deleted = client.deleteSecret((r) -> r.secretId(arn).forceDeleteWithoutRecovery(true));
		assertThat(deleted.arn()).isEqualTo(arn);
		assertThat(deleted.name()).isEqualTo("missing/one-AbCdEf");
	}

	@Test
	void kmsKeyIdIsSetAndClearedByUpdateSecret() {
		String name = create();
		client.updateSecret((r) -> r.secretId(name).kmsKeyId("alias/app"));
		assertThat(client.describeSecret((r) -> r.secretId(name)).kmsKeyId()).isEqualTo("alias/app");
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions().get(0).kmsKeyIds())
			.containsExactly("alias/app");
		client.updateSecret((r) -> r.secretId(name).kmsKeyId(""));
		assertThat(client.describeSecret((r) -> r.secretId(name)).kmsKeyId()).isNull();
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions().get(0).kmsKeyIds())
			.containsExactly("DefaultEncryptionKey");
	}

	@Test
	void nextTokenOnlyWorksForTheListingThatIssuedIt() {
		String first = create();
		String second = create();
		for (String name : List.of(first, second)) {
			client.putSecretValue((r) -> r.secretId(name).secretString("two"));
			client.putSecretValue((r) -> r.secretId(name).secretString("three"));
		}
		String token = client.listSecretVersionIds((r) -> r.secretId(first).includeDeprecated(true).maxResults(1))
			.nextToken();
		assertThat(token).isNotNull();
		assertThat(client
			.listSecretVersionIds((r) -> r.secretId(first).includeDeprecated(true).maxResults(1).nextToken(token))
			.versions()).extracting(SecretVersionsListEntry::versionId).hasSize(1);
		assertThatExceptionOfType(InvalidNextTokenException.class).isThrownBy(
				() -> client.listSecretVersionIds((r) -> r.secretId(second).includeDeprecated(true).nextToken(token)));
		assertThatExceptionOfType(InvalidNextTokenException.class)
			.isThrownBy(() -> client.listSecretVersionIds((r) -> r.secretId(first).nextToken(token)));
	}

	private static String create() {
		String name = "reading-" + UUID.randomUUID().toString().substring(0, 8);
		client.createSecret((r) -> r.name(name).secretString("one"));
		return name;
	}

}
