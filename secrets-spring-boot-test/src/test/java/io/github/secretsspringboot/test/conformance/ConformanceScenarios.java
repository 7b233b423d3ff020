package io.github.secretsspringboot.test.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Base of every conformance scenario class. Scenario classes are abstract and run through
 * {@link ConformanceSuite}, which nests a subclass of each, for
 * {@link EmulatorConformanceTests} and {@link LocalStackConformanceTests} to supply the
 * target.
 */
public abstract class ConformanceScenarios {

	protected abstract ConformanceTarget target();

	protected SecretsManagerClient client() {
		return target().client();
	}

	protected static String uniqueName(String prefix) {
		return ConformanceTarget.uniqueName(prefix);
	}

	/**
	 * Every page of a paged call, following {@code NextToken} from the first page. Stops
	 * after 20 pages, so that a target whose tokens never end fails the scenario instead
	 * of hanging it.
	 * @param call the call for a token, {@code null} for the first page
	 * @param nextToken the token of a page, {@code null} on the last one
	 */
	protected static <R> List<R> pages(Function<String, R> call, Function<R, String> nextToken) {
		List<R> pages = new ArrayList<>();
		String token = null;
		do {
			R page = call.apply(token);
			pages.add(page);
			token = nextToken.apply(page);
		}
		while (token != null && pages.size() < 20);
		return pages;
	}

}
