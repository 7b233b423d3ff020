package io.github.secretsspringboot.sample;

/**
 * The payment provider's settings. {@code api-key} is the {@code api_key} key of a secret
 * (see {@code application.yml}); when that secret changes, the starter swaps the property
 * and a new instance is bound (see {@link PaymentConfiguration}).
 */
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
