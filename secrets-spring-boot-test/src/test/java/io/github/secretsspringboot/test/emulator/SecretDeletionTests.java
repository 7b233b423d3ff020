package io.github.secretsspringboot.test.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Recovery windows, followed on the emulator's clock. */
class SecretDeletionTests {

	private static final Instant START = Instant.parse("2030-03-10T15:30:45.123Z");

	private SecretsManagerEmulator emulator;

	private SecretsManagerClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = SecretsManagerEmulator.builder().clock(Clock.fixed(START, ZoneOffset.UTC)).start();
		this.client = this.emulator.client();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.close();
	}

	@Test
	void deletionDateIsTheRequestTimePlusTheRecoveryWindow() {
		this.client.createSecret((r) -> r.name("app/db").secretString("one"));
		this.emulator.control().advanceClock(Duration.ofHours(1));
		DeleteSecretResponse deleted = this.client.deleteSecret((r) -> r.secretId("app/db").recoveryWindowInDays(10L));
		Instant requested = START.plus(Duration.ofHours(1));
		assertThat(deleted.deletionDate()).isEqualTo(requested.plus(Duration.ofDays(10)));
		DescribeSecretResponse described = this.client.describeSecret((r) -> r.secretId("app/db"));
		assertThat(described.deletedDate()).isEqualTo(requested);
		assertThat(described.lastChangedDate()).isEqualTo(requested);
	}

	@Test
	void defaultWindowIsThirtyDays() {
		this.client.createSecret((r) -> r.name("app/db").secretString("one"));
		assertThat(this.client.deleteSecret((r) -> r.secretId("app/db")).deletionDate())
			.isEqualTo(START.plus(Duration.ofDays(30)));
	}

	@Test
	void secretIsRestorableUntilTheWindowEnds() {
		this.client.createSecret((r) -> r.name("app/db").secretString("one"));
		this.client.deleteSecret((r) -> r.secretId("app/db").recoveryWindowInDays(7L));
		this.emulator.control().advanceClock(Duration.ofDays(7).minusSeconds(1));
		this.client.restoreSecret((r) -> r.secretId("app/db"));
		DescribeSecretResponse described = this.client.describeSecret((r) -> r.secretId("app/db"));
		assertThat(described.deletedDate()).isNull();
		assertThat(described.lastChangedDate()).isEqualTo(START.plus(Duration.ofDays(7).minusSeconds(1)));
		this.emulator.control().advanceClock(Duration.ofDays(30));
		assertThat(this.client.getSecretValue((r) -> r.secretId("app/db")).secretString()).isEqualTo("one");
	}

	@Test
	void secretIsGoneOnceTheWindowEnds() {
		String firstArn = this.client.createSecret((r) -> r.name("app/db").secretString("one")).arn();
		this.client.deleteSecret((r) -> r.secretId("app/db").recoveryWindowInDays(7L));
		this.emulator.control().advanceClock(Duration.ofDays(7));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> this.client.describeSecret((r) -> r.secretId("app/db")));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> this.client.restoreSecret((r) -> r.secretId("app/db")));
		String secondArn = this.client.createSecret((r) -> r.name("app/db").secretString("two")).arn();
		assertThat(secondArn).isNotEqualTo(firstArn);
		assertThat(this.client.getSecretValue((r) -> r.secretId("app/db")).secretString()).isEqualTo("two");
	}

	@Test
	void forcedDeletionIsEffectiveAtOnce() {
		this.client.createSecret((r) -> r.name("app/db").secretString("one"));
		DeleteSecretResponse deleted = this.client
			.deleteSecret((r) -> r.secretId("app/db").forceDeleteWithoutRecovery(true));
		assertThat(deleted.deletionDate()).isEqualTo(START);
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> this.client.getSecretValue((r) -> r.secretId("app/db")));
	}

}
