package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretImportException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link SecretImportFailureAnalyzer}: an import that cannot be honoured is
 * told with its own description and action, wherever it sits among the causes.
 */
class SecretImportFailureAnalyzerTests {

	@Test
	void theAnalysisIsTheImportFailuresOwnDescriptionAndAction() {
		SecretImportException failure = catchThrowableOfType(SecretImportException.class,
				() -> SecretImport.parse("aws-secret:app?stage=x", false));
		FailureAnalysis analysis = new SecretImportFailureAnalyzer()
			.analyze(new IllegalStateException("Config data loading failed", failure));
		assertThat(analysis.getDescription()).isEqualTo(failure.getMessage())
			.startsWith("The import 'aws-secret:app?stage=x' is invalid: 'stage' is not an option");
		assertThat(analysis.getAction()).isEqualTo(failure.getAction());
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new SecretImportFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

}
