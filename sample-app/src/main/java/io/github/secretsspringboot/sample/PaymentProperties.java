package io.github.secretsspringboot.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The payment provider's settings. {@code api-key} is the {@code api_key} key of a secret
 * (see {@code application.yml}); when that secret changes, the starter swaps the property
 * and this bean is rebound with the new key.
 */
@ConfigurationProperties("payments")
public class PaymentProperties {

	/**
	 * API key of the payment provider.
	 */
	private String apiKey;

	public String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(String apiKey) {
		this.apiKey = apiKey;
	}

	@Override
	public String toString() {
		return "PaymentProperties[apiKey=******]";
	}

}
