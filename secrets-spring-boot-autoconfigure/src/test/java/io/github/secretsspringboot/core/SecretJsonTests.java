package io.github.secretsspringboot.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SecretJsonTests {

	@Test
	void objectsKeepTheirOrderAndScalarsTheirText() {
		Object value = SecretJson.read("{\"port\": 5432, \"ratio\": 1.50, \"tls\": true, \"host\": \"db\", "
				+ "\"nested\": {\"list\": [1, \"two\", null, {\"k\": \"v\"}]}, \"none\": null}");
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("port", "5432");
		expected.put("ratio", "1.50");
		expected.put("tls", "true");
		expected.put("host", "db");
		expected.put("nested", Map.of("list", Arrays.asList("1", "two", null, Map.of("k", "v"))));
		expected.put("none", null);
		assertThat(value).isEqualTo(expected);
		assertThat(SecretJson.asObject(value).keySet()).containsExactly("port", "ratio", "tls", "host", "nested",
				"none");
	}

	@Test
	void textOfAMemberIsItsScalarOnly() {
		Map<String, Object> object = SecretJson.readObject("{\"a\": \"x\", \"b\": [1], \"c\": null}").orElseThrow();
		assertThat(SecretJson.text(object, "a")).isEqualTo("x");
		assertThat(SecretJson.text(object, "b")).isNull();
		assertThat(SecretJson.text(object, "c")).isNull();
		assertThat(SecretJson.text(object, "missing")).isNull();
	}

	@Test
	void onlyAWellFormedObjectIsAnObject() {
		assertThat(SecretJson.readObject("  {\"a\": 1}  ")).isPresent();
		assertThat(SecretJson.readObject("[1, 2]")).isEmpty();
		assertThat(SecretJson.readObject("plain text")).isEmpty();
		assertThat(SecretJson.readObject("{\"a\": 1} {\"b\": 2}")).isEmpty();
		assertThat(SecretJson.readObject("{\"a\": ")).isEmpty();
		assertThat(SecretJson.read("[]")).isEqualTo(List.of());
	}

	@Test
	void malformedJsonFailsWithALocation() {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> SecretJson.read("{\"a\": tru}"))
			.satisfies((ex) -> assertThat(ex.getLocation().getColumnNr()).isPositive());
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> SecretJson.read(""));
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> SecretJson.read("1 2"));
	}

}
