package io.github.ratelimiter.web;

import java.nio.charset.StandardCharsets;

import io.github.ratelimiter.core.ClientId;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HeaderClientIdResolver}.
 */
class HeaderClientIdResolverTests {

	private final HeaderClientIdResolver rejecting = new HeaderClientIdResolver("X-Client-Id", false, 128);

	private final HeaderClientIdResolver fallingBack = new HeaderClientIdResolver("X-Client-Id", true, 128);

	@Test
	void takesIdFromHeader() {
		ClientId client = this.rejecting.resolve(request("alice"));

		assertThat(client.canonical()).isEqualTo("id:alice");
	}

	@Test
	void rejectsMissingHeaderWithProblemNamingIt() {
		assertThatExceptionOfType(InvalidClientIdException.class)
			.isThrownBy(() -> this.rejecting.resolve(request(null)))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getBody().getTitle()).isEqualTo("Missing client id");
				assertThat(ex.getBody().getProperties()).containsEntry("header", "X-Client-Id");
			});
	}

	@Test
	void rejectsEmptyHeader() {
		assertThatExceptionOfType(InvalidClientIdException.class).isThrownBy(() -> this.rejecting.resolve(request("")));
	}

	@Test
	void acceptsIdOfMaxLength() {
		ClientId client = this.rejecting.resolve(request("x".repeat(128)));

		assertThat(client.value()).hasSize(128);
	}

	@Test
	void rejectsIdLongerThanMaxLength() {
		assertThatExceptionOfType(InvalidClientIdException.class)
			.isThrownBy(() -> this.rejecting.resolve(request("x".repeat(129))))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getBody().getTitle()).isEqualTo("Invalid client id");
				assertThat(ex.getBody().getDetail())
					.isEqualTo("The X-Client-Id header is 129 characters long; at most 128 are accepted.");
			});
	}

	@Test
	void maxLengthCountsCodePointsOfUtf8Value() {
		String emoji = "\ud83d\ude00";

		ClientId client = this.rejecting.resolve(request(asHeaderBytes(emoji.repeat(128))));

		assertThat(client.value()).isEqualTo(emoji.repeat(128));
		assertThatExceptionOfType(InvalidClientIdException.class)
			.isThrownBy(() -> this.rejecting.resolve(request(asHeaderBytes(emoji.repeat(129)))));
	}

	@Test
	void readsUtf8BytesAsUtf8() {
		ClientId composed = this.rejecting.resolve(request(asHeaderBytes("caf\u00e9")));
		ClientId decomposed = this.rejecting.resolve(request(asHeaderBytes("cafe\u0301")));

		assertThat(composed.canonical()).isEqualTo("id:caf\u00e9");
		assertThat(decomposed.canonical()).isEqualTo("id:caf\u00e9");
	}

	@Test
	void keepsBytesThatAreNotUtf8() {
		String latin1 = new String(new byte[] { 'c', 'a', 'f', (byte) 0xe9 }, StandardCharsets.ISO_8859_1);

		ClientId client = this.rejecting.resolve(request(latin1));

		assertThat(client.value()).isEqualTo("caf\u00e9");
	}

	@Test
	void keepsEncodedSurrogatesAsBytes() {
		// ED A0 80 would encode an unpaired surrogate, which UTF-8 forbids.
		String bytes = new String(new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, StandardCharsets.ISO_8859_1);

		ClientId client = this.rejecting.resolve(request(bytes));

		assertThat(client.value()).isEqualTo(bytes);
	}

	@Test
	void fallsBackToRemoteAddressWhenConfigured() {
		MockHttpServletRequest request = request(null);
		request.setRemoteAddr("203.0.113.7");

		ClientId client = this.fallingBack.resolve(request);

		assertThat(client.canonical()).isEqualTo("address:203.0.113.7");
	}

	@Test
	void headerThatLooksLikeAddressStaysAnId() {
		MockHttpServletRequest request = request("203.0.113.7");
		request.setRemoteAddr("203.0.113.7");

		ClientId client = this.fallingBack.resolve(request);

		assertThat(client.canonical()).isEqualTo("id:203.0.113.7");
	}

	private static MockHttpServletRequest request(String clientId) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/hello");
		if (clientId != null) {
			request.addHeader("X-Client-Id", clientId);
		}
		return request;
	}

	/** Returns the value as Tomcat hands it over: one ISO-8859-1 character per UTF-8 byte. */
	private static String asHeaderBytes(String value) {
		return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

}
