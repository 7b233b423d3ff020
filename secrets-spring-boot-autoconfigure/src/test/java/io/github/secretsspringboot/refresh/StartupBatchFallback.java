package io.github.secretsspringboot.refresh;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * A client that answers BatchGetSecretValue with one GetSecretValue per id while the
 * emulator does not serve BatchGetSecretValue, and only until the application has started:
 * startup loads several secrets with it, while what the refresher sends reaches the emulator
 * unchanged. Transparent once the emulator serves the operation.
 */
final class StartupBatchFallback implements InvocationHandler {

	private final SecretsManagerClient delegate;

	private volatile boolean active = true;

	private StartupBatchFallback(SecretsManagerClient delegate) {
		this.delegate = delegate;
	}

	static StartupBatchFallback of(SecretsManagerClient delegate) {
		return new StartupBatchFallback(delegate);
	}

	SecretsManagerClient client() {
		return (SecretsManagerClient) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { SecretsManagerClient.class }, this);
	}

	/** From now on every request goes to the emulator as sent. */
	void startupDone() {
		this.active = false;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (this.active && method.getName().equals("batchGetSecretValue") && args != null && args.length == 1) {
			BatchGetSecretValueRequest request = (args[0] instanceof BatchGetSecretValueRequest built) ? built
					: BatchGetSecretValueRequest.builder()
						.applyMutation((Consumer<BatchGetSecretValueRequest.Builder>) args[0])
						.build();
			try {
				return this.delegate.batchGetSecretValue(request);
			}
			catch (AwsServiceException ex) {
				if (ex.awsErrorDetails() == null
						|| !"UnknownOperationException".equals(ex.awsErrorDetails().errorCode())) {
					throw ex;
				}
				return oneByOne(request);
			}
		}
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private BatchGetSecretValueResponse oneByOne(BatchGetSecretValueRequest request) {
		List<SecretValueEntry> values = new ArrayList<>();
		List<APIErrorType> errors = new ArrayList<>();
		for (String secretId : request.secretIdList()) {
			try {
				GetSecretValueResponse value = this.delegate.getSecretValue((get) -> get.secretId(secretId));
				values.add(SecretValueEntry.builder()
					.arn(value.arn())
					.name(value.name())
					.versionId(value.versionId())
					.versionStages(value.versionStages())
					.secretString(value.secretString())
					.secretBinary(value.secretBinary())
					.createdDate(value.createdDate())
					.build());
			}
			catch (AwsServiceException ex) {
				errors.add(APIErrorType.builder()
					.secretId(secretId)
					.errorCode(ex.awsErrorDetails().errorCode())
					.message(ex.awsErrorDetails().errorMessage())
					.build());
			}
		}
		return BatchGetSecretValueResponse.builder().secretValues(values).errors(errors).build();
	}

}
