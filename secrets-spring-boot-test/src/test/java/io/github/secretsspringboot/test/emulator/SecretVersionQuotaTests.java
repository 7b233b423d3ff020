package io.github.secretsspringboot.test.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.LimitExceededException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The quota of versions per secret: 100, with deprecated versions removed once they are
 * 24 hours old (see {@link SecretVersionWriter#MAX_VERSIONS}).
 */
class SecretVersionQuotaTests {

	private SecretsManagerEmulator emulator;

	private SecretsManagerClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = SecretsManagerEmulator.builder()
			.clock(Clock.fixed(Instant.parse("2030-03-10T15:30:45Z"), ZoneOffset.UTC))
			.start();
		this.client = this.emulator.client();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.close();
	}

	@Test
	void hundredAndFirstVersionWithinADayIsRefusedWithoutChange() {
		List<String> versions = createVersions(100);
		assertThatExceptionOfType(LimitExceededException.class)
			.isThrownBy(() -> this.client.putSecretValue((r) -> r.secretId("quota").secretString("one too many")));
		assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> this.client
			.updateSecret((r) -> r.secretId("quota").secretString("one too many").description("changed")));
		assertThat(allVersions()).containsExactlyElementsOf(versions);
		assertThat(this.client.getSecretValue((r) -> r.secretId("quota")).versionId()).isEqualTo(versions.get(99));
		assertThat(this.client.getSecretValue((r) -> r.secretId("quota").versionStage("AWSPREVIOUS")).versionId())
			.isEqualTo(versions.get(98));
		assertThat(this.client.describeSecret((r) -> r.secretId("quota")).description()).isNull();
	}

	@Test
	void oldestDeprecatedVersionsMakeRoomOnceADayOld() {
		List<String> versions = createVersions(100);
		this.emulator.control().advanceClock(Duration.ofHours(24));
		String newest = this.client.putSecretValue((r) -> r.secretId("quota").secretString("new")).versionId();
		List<String> expected = new ArrayList<>(versions.subList(1, 100));
		expected.add(newest);
		assertThat(allVersions()).containsExactlyElementsOf(expected);
	}

	@Test
	void labelledVersionsAreNeverRemoved() {
		this.client.createSecret((r) -> r.name("quota").secretString("v0"));
		for (int i = 1; i < 100; i++) {
			String stage = "KEEP" + i;
			this.client.putSecretValue((r) -> r.secretId("quota").secretString(stage).versionStages(stage));
		}
		this.emulator.control().advanceClock(Duration.ofDays(2));
		assertThatExceptionOfType(LimitExceededException.class)
			.isThrownBy(() -> this.client.putSecretValue((r) -> r.secretId("quota").secretString("new")));
		assertThat(allVersions()).hasSize(100);
	}

	private List<String> createVersions(int count) {
		List<String> versions = new ArrayList<>();
		versions.add(this.client.createSecret((r) -> r.name("quota").secretString("v0")).versionId());
		for (int i = 1; i < count; i++) {
			String value = "v" + i;
			versions.add(this.client.putSecretValue((r) -> r.secretId("quota").secretString(value)).versionId());
		}
		return versions;
	}

	private List<String> allVersions() {
		return this.client.listSecretVersionIdsPaginator((r) -> r.secretId("quota").includeDeprecated(true))
			.stream()
			.flatMap((page) -> page.versions().stream())
			.map(SecretVersionsListEntry::versionId)
			.toList();
	}

}
