package io.github.secretsspringboot.client;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * Warns once per start when a logger is enabled that writes what the Secrets Manager
 * client sends and receives: the wire loggers of the Apache HTTP clients write whole
 * response bodies, which hold secret values, and the JDK's {@code HttpURLConnection}
 * logger (behind the SDK's URL connection client, the starter's default) writes every
 * header, signatures and session tokens included. The SDK's own loggers are not listed:
 * even at TRACE they write no body and no response header, only status lines, header
 * names and, from the request signer at DEBUG, the signed request headers (a session
 * token among them, but never the secret key that signing needs). Logging levels are
 * final once the application is prepared, so the check runs then.
 *
 * @author secrets-spring-boot
 */
final class WireLoggingWarning implements ApplicationListener<ApplicationPreparedEvent> {

	private static final Log logger = LogFactory.getLog(WireLoggingWarning.class);

	private static final List<WireLogger> WIRE_LOGGERS = List.of(
			new WireLogger("org.apache.hc.client5.http.wire", "response bodies, which hold secret values",
					"software.amazon.awssdk.http.apache5.Apache5HttpClient"),
			new WireLogger("org.apache.hc.client5.http.headers", "headers, signatures and session tokens included",
					"software.amazon.awssdk.http.apache5.Apache5HttpClient"),
			new WireLogger("org.apache.http.wire", "response bodies, which hold secret values",
					"software.amazon.awssdk.http.apache.ApacheHttpClient"),
			new WireLogger("org.apache.http.headers", "headers, signatures and session tokens included",
					"software.amazon.awssdk.http.apache.ApacheHttpClient"),
			new WireLogger("sun.net.www.protocol.http.HttpURLConnection",
					"headers, signatures and session tokens included",
					"software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient"));

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		if (!event.getApplicationContext().getEnvironment().getProperty("aws.secrets.enabled", Boolean.class, true)) {
			return;
		}
		List<String> enabled = new ArrayList<>();
		for (WireLogger wireLogger : WIRE_LOGGERS) {
			if (wireLogger.isEnabled(event.getSpringApplication().getClassLoader())) {
				enabled.add(wireLogger.name() + " (" + wireLogger.writes() + ")");
			}
		}
		if (!enabled.isEmpty()) {
			logger.warn("Requests to and responses from Secrets Manager are logged by " + String.join(", ", enabled)
					+ ". Disable " + ((enabled.size() == 1) ? "this logger" : "these loggers")
					+ " in production: set logging.level.<logger> to INFO or higher");
		}
	}

	/**
	 * A logger that writes HTTP traffic at DEBUG (FINE, for the JDK's loggers).
	 *
	 * @param name the logger's name
	 * @param writes what it writes
	 * @param httpClient the SDK HTTP client that makes it write Secrets Manager traffic
	 */
	private record WireLogger(String name, String writes, String httpClient) {

		boolean isEnabled(ClassLoader classLoader) {
			if (!ClassUtils.isPresent(this.httpClient, classLoader)) {
				return false;
			}
			boolean debug = LogFactory.getLog(this.name).isDebugEnabled();
			// The JDK logs through java.util.logging, which Spring Boot bridges into the
			// application's logging: a record is written only if both levels let it
			// through.
			return this.name.startsWith("sun.") ? debug && Logger.getLogger(this.name).isLoggable(Level.FINE) : debug;
		}

	}

}
