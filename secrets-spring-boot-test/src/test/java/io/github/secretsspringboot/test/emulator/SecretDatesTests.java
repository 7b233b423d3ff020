package io.github.secretsspringboot.test.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LastChangedDate} follows every change to a secret and nothing else;
 * {@code LastAccessedDate} is the day of the last read. Checked to the millisecond on the
 * emulator's clock.
 */
class SecretDatesTests {

	private static final Instant START = Instant.parse("2030-03-10T15:30:45.123Z");

	private SecretsManagerEmulator emulator;

	private SecretsManagerClient client;

	private String v1;

	private Instant now = START;

	@BeforeEach
	void startEmulator() {
		this.emulator = SecretsManagerEmulator.builder().clock(Clock.fixed(START, ZoneOffset.UTC)).start();
		this.client = this.emulator.client();
		this.v1 = this.client.createSecret((r) -> r.name("dates").secretString("one")).versionId();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.close();
	}

	@Test
	void createdSecretWasLastChangedWhenCreated() {
		DescribeSecretResponse described = describe();
		assertThat(described.createdDate()).isEqualTo(START);
		assertThat(described.lastChangedDate()).isEqualTo(START);
	}

	@Test
	void putSecretValueChangesTheSecret() {
		assertChangedBy((c) -> c.putSecretValue((r) -> r.secretId("dates").secretString("two")));
	}

	@Test
	void updateSecretChangesTheSecret() {
		assertChangedBy((c) -> c.updateSecret((r) -> r.secretId("dates").description("new")));
	}

	@Test
	void updateSecretVersionStageChangesTheSecret() {
		assertChangedBy((c) -> c
			.updateSecretVersionStage((r) -> r.secretId("dates").versionStage("BLUE").moveToVersionId(this.v1)));
	}

	@Test
	void taggingChangesTheSecret() {
		assertChangedBy(
				(c) -> c.tagResource((r) -> r.secretId("dates").tags(Tag.builder().key("k").value("v").build())));
		assertChangedBy((c) -> c.untagResource((r) -> r.secretId("dates").tagKeys("k")));
	}

	@Test
	void readsDoNotChangeTheSecret() {
		this.emulator.control().advanceClock(Duration.ofHours(3));
		this.client.getSecretValue((r) -> r.secretId("dates"));
		this.client.listSecretVersionIds((r) -> r.secretId("dates"));
		assertThat(describe().lastChangedDate()).isEqualTo(START);
	}

	@Test
	void identicalRetryDoesNotChangeTheSecret() {
		String token = "00000000-0000-0000-0000-000000000042";
		this.client.putSecretValue((r) -> r.secretId("dates").secretString("two").clientRequestToken(token));
		this.emulator.control().advanceClock(Duration.ofHours(3));
		this.client.putSecretValue((r) -> r.secretId("dates").secretString("two").clientRequestToken(token));
		assertThat(describe().lastChangedDate()).isEqualTo(START);
	}

	@Test
	void lastAccessedDateIsTheDayOfTheLastRead() {
		this.client.getSecretValue((r) -> r.secretId("dates"));
		assertThat(describe().lastAccessedDate()).isEqualTo(Instant.parse("2030-03-10T00:00:00Z"));
		this.emulator.control().advanceClock(Duration.ofDays(2));
		assertThat(describe().lastAccessedDate()).isEqualTo(Instant.parse("2030-03-10T00:00:00Z"));
		this.client.getSecretValue((r) -> r.secretId("dates").versionId(this.v1));
		assertThat(describe().lastAccessedDate()).isEqualTo(Instant.parse("2030-03-12T00:00:00Z"));
		assertThat(this.client.listSecretVersionIds((r) -> r.secretId("dates")).versions().get(0).lastAccessedDate())
			.isEqualTo(Instant.parse("2030-03-12T00:00:00Z"));
	}

	private void assertChangedBy(Consumer<SecretsManagerClient> change) {
		this.emulator.control().advanceClock(Duration.ofMinutes(90));
		this.now = this.now.plus(Duration.ofMinutes(90));
		Instant before = describe().lastChangedDate();
		change.accept(this.client);
		assertThat(describe().lastChangedDate()).isAfter(before).isEqualTo(this.now);
	}

	private DescribeSecretResponse describe() {
		return this.client.describeSecret((r) -> r.secretId("dates"));
	}

}
