package io.github.secretsspringboot.client;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import org.springframework.util.StringUtils;

/**
 * Credentials of an assumed role, kept apart so that STS classes load only when a role is
 * configured (the STS client is an optional dependency).
 */
final class StsRoleCredentials {

	private StsRoleCredentials() {
	}

	static AwsCredentialsProvider assumeRole(AwsCredentialsProvider base, AwsSecretsProperties.Sts sts,
			@Nullable String region) {
		StsClientBuilder builder = StsClient.builder()
			.credentialsProvider(base)
			.httpClientBuilder(UrlConnectionHttpClient.builder());
		if (StringUtils.hasText(region)) {
			builder.region(Region.of(region));
		}
		return StsAssumeRoleCredentialsProvider.builder()
			.stsClient(builder.build())
			.refreshRequest((request) -> request.roleArn(sts.getRoleArn()).roleSessionName(sts.getSessionName()))
			.build();
	}

}
