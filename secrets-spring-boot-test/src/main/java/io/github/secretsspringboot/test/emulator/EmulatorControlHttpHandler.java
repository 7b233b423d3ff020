package io.github.secretsspringboot.test.emulator;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The control API over HTTP, for the standalone emulator: {@code /_emulator/...}.
 */
final class EmulatorControlHttpHandler implements HttpHandler {

	static final String PATH_PREFIX = "/_emulator/";

	private final EmulatorControl control;

	EmulatorControlHttpHandler(EmulatorControl control) {
		this.control = control;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		exchange.sendResponseHeaders(404, -1);
		exchange.close();
	}

}
