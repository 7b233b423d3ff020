package io.github.secretsspringboot.test.apikey;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyServiceTests {

	private ApiKeyService service;

	@BeforeEach
	void start() {
		this.service = ApiKeyService.start();
	}

	@AfterEach
	void stop() {
		this.service.close();
	}

	@Test
	void acceptedKeyIsAnsweredOk() {
		String key = this.service.issueKey();
		assertThat(this.service.ping(key)).isEqualTo(200);
		assertThat(this.service.acceptedRequests()).isEqualTo(1);
		assertThat(this.service.rejectedRequests()).isZero();
	}

	@Test
	void unknownKeyIsRejected() {
		this.service.issueKey();
		assertThat(this.service.ping(ApiKeyService.newKey())).isEqualTo(401);
		assertThat(this.service.acceptedRequests()).isZero();
		assertThat(this.service.rejectedRequests()).isEqualTo(1);
	}

	@Test
	void revokedKeyIsRejectedAndOtherKeysStayAccepted() {
		String old = this.service.issueKey();
		String next = this.service.issueKey();
		this.service.revoke(old);
		assertThat(this.service.ping(old)).isEqualTo(401);
		assertThat(this.service.ping(next)).isEqualTo(200);
		assertThat(this.service.accepts(old)).isFalse();
		assertThat(this.service.acceptedKeys()).isEqualTo(1);
		assertThat(this.service.acceptedRequests()).isEqualTo(1);
		assertThat(this.service.rejectedRequests()).isEqualTo(1);
	}

	@Test
	void requestWithoutKeyIsRejected() throws Exception {
		this.service.issueKey();
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.service.pingUri()).GET().build());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("missing api key");
		assertThat(this.service.rejectedRequests()).isEqualTo(1);
	}

	@Test
	void responsesNeverRepeatTheKey() throws Exception {
		String accepted = this.service.issueKey();
		String unknown = ApiKeyService.newKey();
		for (String key : new String[] { accepted, unknown }) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(this.service.pingUri())
				.header(ApiKeyService.API_KEY_HEADER, key)
				.GET()
				.build());
			assertThat(response.body()).doesNotContain(accepted).doesNotContain(unknown);
			assertThat(response.headers().map().toString()).doesNotContain(accepted).doesNotContain(unknown);
		}
		assertThat(this.service.toString()).contains(this.service.pingUri().toString())
			.doesNotContain(accepted)
			.doesNotContain(unknown);
	}

	@Test
	void otherPathsAndMethodsAreNotCounted() throws Exception {
		String key = this.service.issueKey();
		HttpResponse<String> post = send(HttpRequest.newBuilder(this.service.pingUri())
			.header(ApiKeyService.API_KEY_HEADER, key)
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());
		assertThat(post.statusCode()).isEqualTo(405);
		HttpResponse<String> other = send(HttpRequest.newBuilder(this.service.pingUri().resolve("/other"))
			.header(ApiKeyService.API_KEY_HEADER, key)
			.GET()
			.build());
		assertThat(other.statusCode()).isEqualTo(404);
		assertThat(this.service.acceptedRequests()).isZero();
		assertThat(this.service.rejectedRequests()).isZero();
	}

	@Test
	void newKeysAreRandomAndUrlSafe() {
		String first = ApiKeyService.newKey();
		String second = ApiKeyService.newKey();
		assertThat(first).isNotEqualTo(second).matches("ak_[A-Za-z0-9_-]{43}");
		assertThat(this.service.accepts(first)).isFalse();
	}

	private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
