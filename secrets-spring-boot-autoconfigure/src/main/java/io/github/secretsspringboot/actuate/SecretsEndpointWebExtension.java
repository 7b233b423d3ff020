package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.actuate.SecretsEndpoint.RefreshDescriptor;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Over HTTP, a forced refresh of a secret no import names is a 404, as a read of it is,
 * rather than the 204 a write operation without a result would answer.
 *
 * @author secrets-spring-boot
 */
@EndpointWebExtension(endpoint = SecretsEndpoint.class)
class SecretsEndpointWebExtension {

	private final SecretsEndpoint delegate;

	SecretsEndpointWebExtension(SecretsEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Checks one secret now and tells what changed.
	 * @param name the secret's id as imported, its name, ARN or partial ARN
	 * @return the outcome, or 404 when no import names the secret
	 */
	@WriteOperation
	public WebEndpointResponse<RefreshDescriptor> refresh(@Selector(match = Match.ALL_REMAINING) String... name) {
		RefreshDescriptor refreshed = this.delegate.refresh(name);
		return (refreshed != null) ? new WebEndpointResponse<>(refreshed)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
