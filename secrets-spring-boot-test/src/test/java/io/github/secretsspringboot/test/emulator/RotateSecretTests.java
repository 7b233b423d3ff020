package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.test.rotation.FailingRotationFunction;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * RotateSecret and CancelRotateSecret through the real SDK client, with rotation
 * functions that need no database, and the version a rotation creates without a value as
 * the other operations see it: PutSecretValue fills it, and every operation that lists
 * versions lists it.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class RotateSecretTests {

	private static final String API_KEY_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:rotate-api-key";

	private static final String KEEP_PENDING_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:keep-pending";

	private static final String SLOW_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:slow";

	private static final String FAILING_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:failing";

	private static final String IDLE_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:idle";

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		emulator = started;
		client = emulator.client();
		JsonKeyRotationFunction apiKeyRotation = new JsonKeyRotationFunction("api_key");
		emulator.registerRotationFunction(API_KEY_ROTATION, apiKeyRotation)
			.registerRotationFunction(KEEP_PENDING_ROTATION,
					apiKeyRotation.withPendingLabelAfterFinish(PendingLabelAfterFinish.KEPT))
			.registerRotationFunction(SLOW_ROTATION,
					new PausingRotationFunction(RotationStep.CREATE_SECRET, Duration.ofMinutes(5)))
			.registerRotationFunction(FAILING_ROTATION, FailingRotationFunction.atTestSecret(apiKeyRotation))
			.registerRotationFunction(IDLE_ROTATION, (event, secretsManager) -> {
			});
	}

	@Test
	void rotationRunsEveryStepAndMovesTheLabels() {
		String name = createSecret("{\"api_key\":\"old-key\",\"client\":\"billing\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		RotateSecretResponse response = client.rotateSecret((r) -> r.secretId(name)
			.rotationLambdaARN(API_KEY_ROTATION)
			.rotationRules((rules) -> rules.automaticallyAfterDays(30L)));
		assertThat(response.name()).isEqualTo(name);
		assertThat(response.arn()).startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-");
		RotationOutcome outcome = awaitDone(response.versionId());
		assertThat(outcome.status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		assertThat(outcome.kind()).isEqualTo(RotationOutcome.Kind.ROTATION);
		assertThat(outcome.secretArn()).isEqualTo(response.arn());
		assertThat(outcome.completedSteps()).containsExactly(RotationStep.values());
		GetSecretValueResponse current = client.getSecretValue((r) -> r.secretId(name));
		assertThat(current.versionId()).isEqualTo(response.versionId());
		assertThat(current.secretString()).contains("\"client\":\"billing\"").doesNotContain("old-key");
		GetSecretValueResponse previous = client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPREVIOUS"));
		assertThat(previous.versionId()).isEqualTo(original);
		assertThat(previous.secretString()).contains("old-key");
		DescribeSecretResponse described = client.describeSecret((r) -> r.secretId(name));
		assertThat(described.rotationEnabled()).isTrue();
		assertThat(described.rotationLambdaARN()).isEqualTo(API_KEY_ROTATION);
		assertThat(described.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
		assertThat(described.lastRotatedDate()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
		Instant rotationDay = described.lastRotatedDate().truncatedTo(ChronoUnit.DAYS);
		assertThat(described.nextRotationDate()).isEqualTo(rotationDay.plus(31, ChronoUnit.DAYS).minusSeconds(1));
		assertThat(described.versionIdsToStages().get(original)).containsExactly("AWSPREVIOUS");
		assertThat(described.versionIdsToStages().get(response.versionId())).contains("AWSCURRENT");
	}

	@Test
	void rotateSecretAnswersBeforeTheRotationAndCreatesAnEmptyPendingVersion() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String token = rotate(name, SLOW_ROTATION);
		RotationOutcome outcome = emulator.rotation(token).orElseThrow();
		assertThat(outcome.status()).isEqualTo(RotationOutcome.Status.RUNNING);
		assertThat(outcome.currentStep()).isEqualTo(RotationStep.CREATE_SECRET);
		assertThat(outcome.completedSteps()).isEmpty();
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(token)).containsExactly("AWSPENDING");
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING")));
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(
				() -> client.getSecretValue((r) -> r.secretId(name).versionId(token).versionStage("AWSPENDING")));
		assertThat(client.getSecretValue((r) -> r.secretId(name)).secretString()).contains("old-key");
		client.cancelRotateSecret((r) -> r.secretId(name));
	}

	@Test
	void rotationInProgressBlocksAnotherTokenButNotARetry() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String token = rotate(name, SLOW_ROTATION);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client.rotateSecret((r) -> r.secretId(name)))
			.withMessageContaining("A previous rotation isn't complete. That rotation will be reattempted.");
		RotateSecretResponse retried = client.rotateSecret((r) -> r.secretId(name).clientRequestToken(token));
		assertThat(retried.versionId()).isEqualTo(token);
		assertThat(emulator.rotations()).filteredOn((outcome) -> outcome.clientRequestToken().equals(token)).hasSize(1);
		client.cancelRotateSecret((r) -> r.secretId(name));
	}

	@Test
	void cancelRotateSecretStopsTheRotationAndLeavesTheLabels() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = client
			.rotateSecret((r) -> r.secretId(name)
				.rotationLambdaARN(SLOW_ROTATION)
				.rotationRules((rules) -> rules.scheduleExpression("rate(10 days)")))
			.versionId();
		var cancelled = client.cancelRotateSecret((r) -> r.secretId(name));
		assertThat(cancelled.versionId()).isEqualTo(token);
		assertThat(cancelled.name()).isEqualTo(name);
		assertThat(emulator.rotation(token).orElseThrow().status()).isEqualTo(RotationOutcome.Status.CANCELLED);
		DescribeSecretResponse described = client.describeSecret((r) -> r.secretId(name));
		assertThat(described.rotationEnabled()).isFalse();
		assertThat(described.nextRotationDate()).isNull();
		assertThat(described.rotationLambdaARN()).isEqualTo(SLOW_ROTATION);
		assertThat(described.rotationRules().scheduleExpression()).isEqualTo("rate(10 days)");
		assertThat(described.versionIdsToStages().get(token)).containsExactly("AWSPENDING");
		assertThat(described.versionIdsToStages().get(original)).containsExactly("AWSCURRENT");
		// The stale AWSPENDING blocks the next rotation until it is removed.
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(API_KEY_ROTATION)));
		client.updateSecretVersionStage((r) -> r.secretId(name).versionStage("AWSPENDING").removeFromVersionId(token));
		String next = rotate(name, API_KEY_ROTATION);
		assertThat(awaitDone(next).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		assertThat(client.describeSecret((r) -> r.secretId(name)).rotationEnabled()).isTrue();
	}

	@Test
	void failedRotationLeavesAwsCurrentAndPendingWhereTheyWere() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name, FAILING_ROTATION);
		RotationOutcome outcome = awaitDone(token);
		assertThat(outcome.status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(outcome.failedStep()).isEqualTo(RotationStep.TEST_SECRET);
		assertThat(outcome.errorType()).isEqualTo("SimulatedRotationFailure");
		assertThat(outcome.completedSteps()).containsExactly(RotationStep.CREATE_SECRET, RotationStep.SET_SECRET);
		GetSecretValueResponse current = client.getSecretValue((r) -> r.secretId(name));
		assertThat(current.versionId()).isEqualTo(original);
		assertThat(current.secretString()).contains("old-key");
		GetSecretValueResponse pending = client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING"));
		assertThat(pending.versionId()).isEqualTo(token);
		assertThat(pending.secretString()).doesNotContain("old-key");
		DescribeSecretResponse described = client.describeSecret((r) -> r.secretId(name));
		assertThat(described.lastRotatedDate()).isNull();
		assertThat(described.versionIdsToStages().get(token)).containsExactly("AWSPENDING");
		// Another rotation is refused while that one is unfinished; retrying it with its
		// token is not.
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(API_KEY_ROTATION)));
		client.rotateSecret((r) -> r.secretId(name).clientRequestToken(token).rotationLambdaARN(API_KEY_ROTATION));
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		GetSecretValueResponse rotated = client.getSecretValue((r) -> r.secretId(name));
		assertThat(rotated.versionId()).isEqualTo(token);
		assertThat(rotated.secretString()).isEqualTo(pending.secretString());
	}

	@Test
	void failureAtCreateSecretLeavesPendingOnAVersionWithoutValue() {
		emulator.registerRotationFunction("arn:aws:lambda:us-east-1:123456789012:function:broken",
				FailingRotationFunction.at(RotationStep.CREATE_SECRET));
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String token = rotate(name, "arn:aws:lambda:us-east-1:123456789012:function:broken");
		RotationOutcome outcome = awaitDone(token);
		assertThat(outcome.failedStep()).isEqualTo(RotationStep.CREATE_SECRET);
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages().get(token))
			.containsExactly("AWSPENDING");
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING")));
	}

	@Test
	void rotationWhoseFinishSecretLeavesAwsCurrentInPlaceFails() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String token = rotate(name, IDLE_ROTATION);
		RotationOutcome outcome = awaitDone(token);
		assertThat(outcome.status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(outcome.failedStep()).isEqualTo(RotationStep.FINISH_SECRET);
		assertThat(outcome.errorType()).isEqualTo("RotationNotFinished");
		assertThat(client.describeSecret((r) -> r.secretId(name)).lastRotatedDate()).isNull();
	}

	@Test
	void rotateImmediatelyFalseSchedulesAndOnlyTestsTheConfiguration() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = client
			.rotateSecret((r) -> r.secretId(name)
				.rotationLambdaARN(API_KEY_ROTATION)
				.rotationRules((rules) -> rules.automaticallyAfterDays(7L))
				.rotateImmediately(false))
			.versionId();
		RotationOutcome test = awaitDone(token);
		assertThat(test.kind()).isEqualTo(RotationOutcome.Kind.CONFIGURATION_TEST);
		assertThat(test.completedSteps()).doesNotContain(RotationStep.CREATE_SECRET, RotationStep.SET_SECRET,
				RotationStep.FINISH_SECRET);
		// The function reads the pending value in testSecret, and there is none: the test
		// fails, and changes nothing.
		assertThat(test.failedStep()).isEqualTo(RotationStep.TEST_SECRET);
		assertThat(test.errorType()).isEqualTo("ResourceNotFoundException");
		DescribeSecretResponse described = client.describeSecret((r) -> r.secretId(name));
		assertThat(described.rotationEnabled()).isTrue();
		assertThat(described.lastRotatedDate()).isNull();
		Instant created = client.getSecretValue((r) -> r.secretId(name)).createdDate();
		assertThat(described.nextRotationDate())
			.isEqualTo(created.truncatedTo(ChronoUnit.DAYS).plus(8, ChronoUnit.DAYS).minusSeconds(1));
		assertThat(described.versionIdsToStages()).containsOnlyKeys(original);
		assertThat(described.versionIdsToStages().get(original)).containsExactly("AWSCURRENT");
		// Rotating later uses the function and rules already set.
		String next = client.rotateSecret((r) -> r.secretId(name)).versionId();
		assertThat(awaitDone(next).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		DescribeSecretResponse rotated = client.describeSecret((r) -> r.secretId(name));
		assertThat(rotated.rotationRules().automaticallyAfterDays()).isEqualTo(7L);
		assertThat(rotated.lastRotatedDate()).isNotNull();
		assertThat(client.getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(next);
	}

	@Test
	void secondRotationStartsWhileAwsPendingStaysOnTheCurrentVersion() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String first = rotate(name, KEEP_PENDING_ROTATION);
		assertThat(awaitDone(first).isSucceeded()).isTrue();
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages().get(first))
			.containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		String second = client.rotateSecret((r) -> r.secretId(name)).versionId();
		assertThat(awaitDone(second).isSucceeded()).isTrue();
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(second)).contains("AWSCURRENT");
		assertThat(stages.get(first)).containsExactly("AWSPREVIOUS");
	}

	@Test
	void rotateSecretOfAnUnknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> client
			.rotateSecret((r) -> r.secretId("missing-" + UUID.randomUUID()).rotationLambdaARN(API_KEY_ROTATION)));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.cancelRotateSecret((r) -> r.secretId("missing-" + UUID.randomUUID())));
	}

	@Test
	void rotateSecretWithoutAnyLambdaArnIsInvalidRequest() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client.rotateSecret((r) -> r.secretId(name)));
		assertThat(client.describeSecret((r) -> r.secretId(name)).rotationEnabled()).isNull();
	}

	@Test
	void rotateSecretWithALambdaSecretsManagerCannotInvokeIsAccessDenied() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.rotateSecret(
					(r) -> r.secretId(name).rotationLambdaARN("arn:aws:lambda:us-east-1:123456789012:function:none")))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
		DescribeSecretResponse described = client.describeSecret((r) -> r.secretId(name));
		assertThat(described.rotationEnabled()).isNull();
		assertThat(described.versionIdsToStages()).hasSize(1);
	}

	@Test
	void rotationRulesAreValidated() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		assertThat(errorCode(name, 0L, null, null)).isEqualTo("ValidationException");
		assertThat(errorCode(name, 1001L, null, null)).isEqualTo("ValidationException");
		assertThat(errorCode(name, null, "rate(1 week)", null)).isEqualTo("InvalidParameterException");
		assertThat(errorCode(name, null, "rate(10 days);", null)).isEqualTo("ValidationException");
		assertThat(errorCode(name, null, null, "4x")).isEqualTo("ValidationException");
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> rotateWithRules(name, 30L, "rate(30 days)", null))
			.withMessageContaining("You cannot specify both rotation frequency and schedule expression together.");
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> rotateWithRules(name, null, "rate(2 hours)", null))
			.withMessageContaining("Rate in hour should be least 4 and less than 24.");
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> rotateWithRules(name, null, "cron(30 10 * * ? *)", null));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> rotateWithRules(name, null, "cron(0 22 * * ? *)", "4h"))
			.withMessageContaining("Starting hour and duration must be within a day.");
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> rotateWithRules(name, 1L, null, "25h"));
		assertThat(client.describeSecret((r) -> r.secretId(name)).rotationEnabled()).isNull();
		assertThat(emulator.rotations()).noneMatch((outcome) -> outcome.secretArn().contains(":secret:" + name + "-"));
	}

	@Test
	void putSecretValueWithTheRotationTokenFillsThePendingVersion() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String current = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name, SLOW_ROTATION);
		Instant pendingCreated = version(name, token).createdDate();
		PutSecretValueResponse put = client.putSecretValue((r) -> r.secretId(name)
			.clientRequestToken(token)
			.secretString("{\"api_key\":\"new-key\"}")
			.versionStages("AWSPENDING"));
		assertThat(put.versionId()).isEqualTo(token);
		assertThat(put.versionStages()).containsExactly("AWSPENDING");
		assertThat(client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING")).secretString())
			.contains("new-key");
		assertThat(client.getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(current);
		assertThat(version(name, token).createdDate()).isEqualTo(pendingCreated);
		// Once filled, the version is immutable again: a retry is idempotent, another
		// value a conflict.
		assertThat(client
			.putSecretValue((r) -> r.secretId(name)
				.clientRequestToken(token)
				.secretString("{\"api_key\":\"new-key\"}")
				.versionStages("AWSPENDING"))
			.versionId()).isEqualTo(token);
		assertThatExceptionOfType(ResourceExistsException.class).isThrownBy(() -> client
			.putSecretValue((r) -> r.secretId(name).clientRequestToken(token).secretString("{\"api_key\":\"other\"}")));
		client.cancelRotateSecret((r) -> r.secretId(name));
	}

	@Test
	void fillingThePendingVersionWithoutVersionStagesMakesItCurrent() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name, SLOW_ROTATION);
		PutSecretValueResponse put = client.putSecretValue(
				(r) -> r.secretId(name).clientRequestToken(token).secretString("{\"api_key\":\"new-key\"}"));
		assertThat(put.versionStages()).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(original)).containsExactly("AWSPREVIOUS");
		assertThat(stages.get(token)).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		client.cancelRotateSecret((r) -> r.secretId(name));
	}

	@Test
	void pendingVersionWithoutValueIsListedByEveryOperationThatListsVersions() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name, SLOW_ROTATION);
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages().get(token))
			.containsExactly("AWSPENDING");
		SecretVersionsListEntry pending = version(name, token);
		assertThat(pending.versionStages()).containsExactly("AWSPENDING");
		assertThat(pending.createdDate()).isNotNull();
		SecretListEntry entry = listed(name);
		assertThat(entry.secretVersionsToStages().get(token)).containsExactly("AWSPENDING");
		assertThat(entry.secretVersionsToStages().get(original)).containsExactly("AWSCURRENT");
		client.cancelRotateSecret((r) -> r.secretId(name));
	}

	@Test
	void readsOfASecretWithAPendingVersionWithoutValue() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name, SLOW_ROTATION);
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId(name).versionId(token)));
		BatchGetSecretValueResponse batch = client.batchGetSecretValue((r) -> r.secretIdList(name));
		assertThat(batch.errors()).isEmpty();
		assertThat(batch.secretValues()).singleElement()
			.satisfies((value) -> assertThat(value.versionId()).isEqualTo(original));
		client.cancelRotateSecret((r) -> r.secretId(name));
	}

	@Test
	void describeSecretAndListSecretsReportRotationDatesOnlyWhileRotationIsOnAsTheDescribeSecretReferenceSays() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		String token = client
			.rotateSecret((r) -> r.secretId(name)
				.rotationLambdaARN(API_KEY_ROTATION)
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
			.versionId();
		assertThat(awaitDone(token).isSucceeded()).isTrue();
		DescribeSecretResponse rotating = client.describeSecret((r) -> r.secretId(name));
		assertThat(rotating.lastRotatedDate()).isNotNull();
		assertThat(rotating.nextRotationDate()).isNotNull();
		assertThat(listed(name).lastRotatedDate()).isEqualTo(rotating.lastRotatedDate());
		assertThat(listed(name).nextRotationDate()).isEqualTo(rotating.nextRotationDate());
		client.cancelRotateSecret((r) -> r.secretId(name));
		DescribeSecretResponse cancelled = client.describeSecret((r) -> r.secretId(name));
		assertThat(cancelled.rotationEnabled()).isFalse();
		assertThat(cancelled.rotationLambdaARN()).isEqualTo(API_KEY_ROTATION);
		assertThat(cancelled.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
		assertThat(cancelled.lastRotatedDate()).isNull();
		assertThat(cancelled.nextRotationDate()).isNull();
		SecretListEntry entry = listed(name);
		assertThat(entry.rotationEnabled()).isFalse();
		assertThat(entry.rotationLambdaARN()).isEqualTo(API_KEY_ROTATION);
		assertThat(entry.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
		assertThat(entry.lastRotatedDate()).isNull();
		assertThat(entry.nextRotationDate()).isNull();
	}

	private static String errorCode(String name, Long days, String expression, String duration) {
		try {
			rotateWithRules(name, days, expression, duration);
			return null;
		}
		catch (SecretsManagerException ex) {
			return ex.awsErrorDetails().errorCode();
		}
	}

	private static void rotateWithRules(String name, Long days, String expression, String duration) {
		client.rotateSecret((r) -> r.secretId(name)
			.rotationLambdaARN(API_KEY_ROTATION)
			.rotationRules(
					(rules) -> rules.automaticallyAfterDays(days).scheduleExpression(expression).duration(duration)));
	}

	private static SecretListEntry listed(String name) {
		return client.listSecrets((r) -> r.filters((f) -> f.key("name").values(name))).secretList().get(0);
	}

	private static SecretVersionsListEntry version(String name, String versionId) {
		return client.listSecretVersionIds((r) -> r.secretId(name))
			.versions()
			.stream()
			.filter((version) -> version.versionId().equals(versionId))
			.findFirst()
			.orElseThrow();
	}

	private static String createSecret(String value) {
		String name = "rotation/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString(value));
		return name;
	}

	private static String rotate(String name, String lambdaArn) {
		return client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(lambdaArn)).versionId();
	}

	private static RotationOutcome awaitDone(String token) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

	private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
		return new org.assertj.core.data.TemporalUnitWithinOffset(duration.toSeconds(), ChronoUnit.SECONDS);
	}

}
