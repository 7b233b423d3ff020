package io.github.secretsspringboot.core;

import java.util.Optional;

/**
 * The imports of the running application, registered in its bootstrap context once it
 * runs. When config data is processed again in that bootstrap context (Spring Cloud's
 * {@code ContextRefresher}, behind {@code /actuator/refresh}, Spring Cloud Bus and
 * Kubernetes config reloads), an import the application holds is not fetched again into a
 * new property source: the application's own property source is brought to the current
 * version by its refresher, which reacts to the change as to any other (pool swap,
 * content checks, events), and handed back as it is, so that nothing compares against a
 * copy.
 * <p>
 * Public only because the refresher, in another package of the starter, implements it.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public interface LiveSecretImports {

	/**
	 * Starts checking every refreshed secret, once, for one processing of config data.
	 * Each check reads the secret after this call: an explicit refresh is not answered
	 * with an earlier result.
	 * @return the refresh, which hands back the imports as they are once it completes
	 */
	Refresh refresh();

	/**
	 * One refresh of the application's imports.
	 */
	@FunctionalInterface
	interface Refresh {

		/**
		 * Returns once the check of the import's secret completed and its change, if any,
		 * is in force and reacted to.
		 * @param secretImport the import, as config data resolved it again
		 * @return the property source the application holds for the import, empty when it
		 * holds none (an import that was skipped or added since it started)
		 */
		Optional<SecretPropertySource> reload(SecretImport secretImport);

	}

}
