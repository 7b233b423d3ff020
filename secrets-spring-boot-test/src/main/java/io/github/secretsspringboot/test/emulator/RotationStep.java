package io.github.secretsspringboot.test.emulator;

/** The four steps of the Secrets Manager rotation protocol, in order. */
public enum RotationStep {

	CREATE_SECRET("createSecret"),

	SET_SECRET("setSecret"),

	TEST_SECRET("testSecret"),

	FINISH_SECRET("finishSecret");

	private final String wireName;

	RotationStep(String wireName) {
		this.wireName = wireName;
	}

	/** The value of {@code Step} in the Lambda event. */
	public String wireName() {
		return this.wireName;
	}

}
