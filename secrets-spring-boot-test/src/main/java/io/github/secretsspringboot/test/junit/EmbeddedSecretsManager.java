package io.github.secretsspringboot.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against its own Secrets Manager emulator, and points the
 * application's {@code aws-secret:} imports at it before Spring Boot's config-data phase
 * runs: <pre class="code">
 * &#064;SpringBootTest
 * &#064;EmbeddedSecretsManager(seed = "classpath:test-secrets.json")
 * class OrderServiceTests {
 *
 *     &#064;BeforeAll
 *     static void moreSecrets(SecretsManagerEmulator emulator) {
 *         emulator.client().createSecret((secret) -&gt; secret.name("prod/app/api-key").secretString("key"));
 *     }
 *
 * }
 * </pre>
 * <ul>
 * <li>The emulator starts before the class's first test and stops after its last; the
 * seed documents (format of
 * {@link io.github.secretsspringboot.test.emulator.SecretSeeds}) and any
 * {@code @BeforeAll} method taking a {@code SecretsManagerEmulator} parameter create the
 * secrets before the application context is created.</li>
 * <li>For the duration of the class, the system properties {@code aws.secrets.endpoint},
 * {@code aws.secrets.region}, {@code aws.accessKeyId} and {@code aws.secretAccessKey}
 * point the starter's client at the emulator (with placeholder credentials, which it
 * accepts); they are restored afterwards. System properties are read before any
 * configuration file, which {@code @DynamicPropertySource} and service connections are
 * not.</li>
 * <li>The application context of the class is closed after it, so that no cached context
 * keeps polling a stopped emulator.</li>
 * <li>Test methods and lifecycle methods can take the {@code SecretsManagerEmulator} as a
 * parameter: to change or rotate secrets, or to inject faults through
 * {@code emulator.control()}.</li>
 * </ul>
 * Test classes using it must not run in parallel with each other in one JVM, as they
 * share the system properties.
 *
 * @author secrets-spring-boot
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedSecretsManagerExtension.class)
public @interface EmbeddedSecretsManager {

	/**
	 * Seed documents whose secrets are created when the emulator starts: a
	 * {@code classpath:} location or a file path.
	 * @return the seed locations
	 */
	String[] seed() default {};

	/**
	 * Whether to register the emulator's built-in rotation functions (see
	 * {@link io.github.secretsspringboot.test.rotation.BuiltInRotationFunctions}).
	 * @return whether to register them
	 */
	boolean builtInRotationFunctions() default true;

}
